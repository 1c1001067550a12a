;; A script whose parentheses never close: what comes before still runs.
(module (func (export "f")))
(assert_return (invoke "f"))
(assert_return (invoke "f")
