;; Defines and exports a tag; throws it with a payload.
(module
  (tag $oops (export "oops") (param i32 i64))
  (func (export "fail") (param i32)
    (throw $oops (local.get 0) (i64.const 40)))
)
