package f

import rego.v1

g(x) := x + 1 if x < 10
g(x) := x if x >= 10
h := g(3) + g(12)
p contains n if some n in numbers.range(1, 5)
r := sprintf("%v", [p])
