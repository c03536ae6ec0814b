package c

s := {x | some x in [1, 2, 3]; x != 2}
o := {k: v | some k, v in {"a": 1}}
a := [t | t := $"n={1 + 2}"]
e if every x in s { x > 0 }
m.n[k].o := 1 if k := "z"
w := v if { v := input.z with input.z as 3 }
