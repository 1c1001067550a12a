;; A string that never ends: the script cannot be tokenized.
(module)
(register "m
