domain --psl "$PSL" 'a@' '@' 'a@b@c' '<<a@b>>' '<a@b> x' 'a b@c.d' 'x@[1.2.3]' 'x@[v9:zz]' 'x@a.123' "x@$(printf 'a%.0s' $(seq 64)).mil" 'x@xn--zz.com' 'x@ab--cd.com' 'x@bü_x.de' '<@a.example:>'
