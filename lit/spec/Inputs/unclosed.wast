;; A script whose parentheses never close.
(module (func (export "f")))
(assert_return (invoke "f")
