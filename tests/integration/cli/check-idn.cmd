check --psl "$PSL" -P bücher.de x@büchr.de x@bucher.de x@xn--bcher-kva.de büher.de
