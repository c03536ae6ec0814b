package test

f1(x) := object.union_n(x)

f2(x) := count(x)

f3(x) := array.reverse(x)

f(x) := f1
g(
)x(x) := 124 if {
	f2(x)
	s with f3 as h
}

h(_) := ["replaced"]

p if q with f1 as f

q if r with f2 as g

r if {
	x := [{"foo": 4}, {"baz": 5}]
	f2(x) == 123
	f1(x) == {"foo": 4, "baz": 5}
}

s if {
	x := [{}]
	f1(x) == ["replaced"]
}
