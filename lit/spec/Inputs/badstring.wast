;; A string that never ends: the script cannot be split into commands.
(module)
(register "m
