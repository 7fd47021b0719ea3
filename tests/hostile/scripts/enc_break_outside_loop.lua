-- expect: error E_SYNTAX
break
