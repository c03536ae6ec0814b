package v0
import future.keywords.in

p[x] { x := data.xs[_]; x > 2 }
else =  0{ true }
f(a) = b { b := a * 2 }
