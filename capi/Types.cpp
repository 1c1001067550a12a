//===- Types.cpp - wasm.h's vectors and type objects ----------------------===//
//
// Vectors own their data (allocated with new[]); vectors of pointers own
// the pointed-to objects too, which copying copies and deleting deletes.
//
//===----------------------------------------------------------------------===//
#include "CApi.h"

#include <cstring>

using namespace w2s_capi;

namespace {

template <typename Vec, typename Elem> void allocate(Vec *Out, size_t N) {
  Out->size = N;
  Out->data = N ? new Elem[N]() : nullptr;
}

template <typename Vec> void release(Vec *V) {
  delete[] V->data;
  V->size = 0;
  V->data = nullptr;
}

wasm_valtype_t *newValType(wasm_valkind_t K) { return new wasm_valtype_t{K}; }

} // namespace

extern "C" {

//===---------------------------- plain vectors --------------------------===//

void wasm_byte_vec_new_empty(wasm_byte_vec_t *Out) {
  allocate<wasm_byte_vec_t, wasm_byte_t>(Out, 0);
}
void wasm_byte_vec_new_uninitialized(wasm_byte_vec_t *Out, size_t N) {
  allocate<wasm_byte_vec_t, wasm_byte_t>(Out, N);
}
void wasm_byte_vec_new(wasm_byte_vec_t *Out, size_t N, const wasm_byte_t In[]) {
  allocate<wasm_byte_vec_t, wasm_byte_t>(Out, N);
  if (N)
    std::memcpy(Out->data, In, N);
}
void wasm_byte_vec_copy(wasm_byte_vec_t *Out, const wasm_byte_vec_t *In) {
  wasm_byte_vec_new(Out, In->size, In->data);
}
void wasm_byte_vec_delete(wasm_byte_vec_t *V) { release(V); }

void wasm_val_vec_new_empty(wasm_val_vec_t *Out) {
  allocate<wasm_val_vec_t, wasm_val_t>(Out, 0);
}
void wasm_val_vec_new_uninitialized(wasm_val_vec_t *Out, size_t N) {
  allocate<wasm_val_vec_t, wasm_val_t>(Out, N);
}
/// Takes over the values' references.
void wasm_val_vec_new(wasm_val_vec_t *Out, size_t N, const wasm_val_t In[]) {
  allocate<wasm_val_vec_t, wasm_val_t>(Out, N);
  for (size_t I = 0; I < N; ++I)
    Out->data[I] = In[I];
}
void wasm_val_vec_copy(wasm_val_vec_t *Out, const wasm_val_vec_t *In) {
  allocate<wasm_val_vec_t, wasm_val_t>(Out, In->size);
  for (size_t I = 0; I < In->size; ++I)
    wasm_val_copy(&Out->data[I], &In->data[I]);
}
void wasm_val_vec_delete(wasm_val_vec_t *V) {
  for (size_t I = 0; I < V->size; ++I)
    wasm_val_delete(&V->data[I]);
  release(V);
}

//===------------------------- vectors of pointers -----------------------===//

#define W2S_POINTER_VEC(name)                                                  \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *Out) {                 \
    allocate<wasm_##name##_vec_t, wasm_##name##_t *>(Out, 0);                  \
  }                                                                            \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *Out,           \
                                           size_t N) {                         \
    allocate<wasm_##name##_vec_t, wasm_##name##_t *>(Out, N);                  \
  }                                                                            \
  void wasm_##name##_vec_new(wasm_##name##_vec_t *Out, size_t N,               \
                             wasm_##name##_t *const In[]) {                    \
    allocate<wasm_##name##_vec_t, wasm_##name##_t *>(Out, N);                  \
    for (size_t I = 0; I < N; ++I)                                             \
      Out->data[I] = In[I];                                                    \
  }                                                                            \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t *Out,                        \
                              const wasm_##name##_vec_t *In) {                 \
    allocate<wasm_##name##_vec_t, wasm_##name##_t *>(Out, In->size);           \
    for (size_t I = 0; I < In->size; ++I)                                      \
      Out->data[I] = In->data[I] ? wasm_##name##_copy(In->data[I]) : nullptr;  \
  }                                                                            \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t *V) {                      \
    for (size_t I = 0; I < V->size; ++I)                                       \
      if (V->data[I])                                                          \
        wasm_##name##_delete(V->data[I]);                                      \
    release(V);                                                                \
  }

W2S_POINTER_VEC(valtype)
W2S_POINTER_VEC(functype)
W2S_POINTER_VEC(globaltype)
W2S_POINTER_VEC(tabletype)
W2S_POINTER_VEC(memorytype)
W2S_POINTER_VEC(externtype)
W2S_POINTER_VEC(importtype)
W2S_POINTER_VEC(exporttype)
W2S_POINTER_VEC(frame)
W2S_POINTER_VEC(extern)

//===------------------------------ valtypes -----------------------------===//

wasm_valtype_t *wasm_valtype_new(wasm_valkind_t K) { return newValType(K); }
wasm_valtype_t *wasm_valtype_copy(const wasm_valtype_t *T) {
  return newValType(T->Kind);
}
void wasm_valtype_delete(wasm_valtype_t *T) { delete T; }
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *T) { return T->Kind; }

//===----------------------------- functypes -----------------------------===//

/// Takes over both vectors (and leaves them empty).
wasm_functype_t *wasm_functype_new(wasm_valtype_vec_t *Params,
                                   wasm_valtype_vec_t *Results) {
  auto *T = new wasm_functype_t();
  T->Params = *Params;
  T->Results = *Results;
  *Params = {0, nullptr};
  *Results = {0, nullptr};
  return T;
}
wasm_functype_t *wasm_functype_copy(const wasm_functype_t *T) {
  auto *C = new wasm_functype_t();
  wasm_valtype_vec_copy(&C->Params, &T->Params);
  wasm_valtype_vec_copy(&C->Results, &T->Results);
  return C;
}
void wasm_functype_delete(wasm_functype_t *T) { delete T; }
const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *T) {
  return &T->Params;
}
const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *T) {
  return &T->Results;
}

//===---------------------------- globaltypes ----------------------------===//

wasm_globaltype_t *wasm_globaltype_new(wasm_valtype_t *Content,
                                       wasm_mutability_t M) {
  auto *T = new wasm_globaltype_t();
  T->Content = Content;
  T->Mutability = M;
  return T;
}
wasm_globaltype_t *wasm_globaltype_copy(const wasm_globaltype_t *T) {
  return wasm_globaltype_new(wasm_valtype_copy(T->Content), T->Mutability);
}
void wasm_globaltype_delete(wasm_globaltype_t *T) { delete T; }
const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *T) {
  return T->Content;
}
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *T) {
  return T->Mutability;
}

//===----------------------------- tabletypes ----------------------------===//

wasm_tabletype_t *wasm_tabletype_new(wasm_valtype_t *Element,
                                     const wasm_limits_t *Limits) {
  auto *T = new wasm_tabletype_t();
  T->Element = Element;
  T->Limits = *Limits;
  return T;
}
wasm_tabletype_t *wasm_tabletype_copy(const wasm_tabletype_t *T) {
  return wasm_tabletype_new(wasm_valtype_copy(T->Element), &T->Limits);
}
void wasm_tabletype_delete(wasm_tabletype_t *T) { delete T; }
const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *T) {
  return T->Element;
}
const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *T) {
  return &T->Limits;
}

//===---------------------------- memorytypes ----------------------------===//

wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *Limits) {
  auto *T = new wasm_memorytype_t();
  T->Limits = *Limits;
  return T;
}
wasm_memorytype_t *wasm_memorytype_copy(const wasm_memorytype_t *T) {
  return wasm_memorytype_new(&T->Limits);
}
void wasm_memorytype_delete(wasm_memorytype_t *T) { delete T; }
const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *T) {
  return &T->Limits;
}

//===---------------------------- externtypes ----------------------------===//

wasm_externtype_t *wasm_externtype_copy(const wasm_externtype_t *T) {
  switch (T->Kind) {
  case WASM_EXTERN_FUNC:
    return wasm_functype_copy(static_cast<const wasm_functype_t *>(T));
  case WASM_EXTERN_GLOBAL:
    return wasm_globaltype_copy(static_cast<const wasm_globaltype_t *>(T));
  case WASM_EXTERN_TABLE:
    return wasm_tabletype_copy(static_cast<const wasm_tabletype_t *>(T));
  default:
    return wasm_memorytype_copy(static_cast<const wasm_memorytype_t *>(T));
  }
}
void wasm_externtype_delete(wasm_externtype_t *T) { delete T; }
wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *T) {
  return T->Kind;
}

#define W2S_EXTERNTYPE_CASTS(name, kind)                                       \
  wasm_externtype_t *wasm_##name##_as_externtype(wasm_##name##_t *T) {         \
    return T;                                                                  \
  }                                                                            \
  const wasm_externtype_t *wasm_##name##_as_externtype_const(                  \
      const wasm_##name##_t *T) {                                              \
    return T;                                                                  \
  }                                                                            \
  wasm_##name##_t *wasm_externtype_as_##name(wasm_externtype_t *T) {           \
    return T && T->Kind == kind ? static_cast<wasm_##name##_t *>(T) : nullptr; \
  }                                                                            \
  const wasm_##name##_t *wasm_externtype_as_##name##_const(                    \
      const wasm_externtype_t *T) {                                            \
    return T && T->Kind == kind ? static_cast<const wasm_##name##_t *>(T)      \
                                : nullptr;                                     \
  }

W2S_EXTERNTYPE_CASTS(functype, WASM_EXTERN_FUNC)
W2S_EXTERNTYPE_CASTS(globaltype, WASM_EXTERN_GLOBAL)
W2S_EXTERNTYPE_CASTS(tabletype, WASM_EXTERN_TABLE)
W2S_EXTERNTYPE_CASTS(memorytype, WASM_EXTERN_MEMORY)

//===------------------------ import and export types --------------------===//

/// Takes over both names and the type.
wasm_importtype_t *wasm_importtype_new(wasm_name_t *Module, wasm_name_t *Name,
                                       wasm_externtype_t *Type) {
  auto *T = new wasm_importtype_t();
  T->Module = *Module;
  T->Name = *Name;
  T->Type = Type;
  *Module = {0, nullptr};
  *Name = {0, nullptr};
  return T;
}
wasm_importtype_t *wasm_importtype_copy(const wasm_importtype_t *T) {
  auto *C = new wasm_importtype_t();
  wasm_byte_vec_copy(&C->Module, &T->Module);
  wasm_byte_vec_copy(&C->Name, &T->Name);
  C->Type = wasm_externtype_copy(T->Type);
  return C;
}
void wasm_importtype_delete(wasm_importtype_t *T) { delete T; }
const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *T) {
  return &T->Module;
}
const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *T) {
  return &T->Name;
}
const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *T) {
  return T->Type;
}

wasm_exporttype_t *wasm_exporttype_new(wasm_name_t *Name,
                                       wasm_externtype_t *Type) {
  auto *T = new wasm_exporttype_t();
  T->Name = *Name;
  T->Type = Type;
  *Name = {0, nullptr};
  return T;
}
wasm_exporttype_t *wasm_exporttype_copy(const wasm_exporttype_t *T) {
  auto *C = new wasm_exporttype_t();
  wasm_byte_vec_copy(&C->Name, &T->Name);
  C->Type = wasm_externtype_copy(T->Type);
  return C;
}
void wasm_exporttype_delete(wasm_exporttype_t *T) { delete T; }
const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *T) {
  return &T->Name;
}
const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *T) {
  return T->Type;
}

} // extern "C"

wasm_functype_t::~wasm_functype_t() {
  wasm_valtype_vec_delete(&Params);
  wasm_valtype_vec_delete(&Results);
}

wasm_importtype_t::~wasm_importtype_t() {
  wasm_byte_vec_delete(&Module);
  wasm_byte_vec_delete(&Name);
  delete Type;
}

wasm_exporttype_t::~wasm_exporttype_t() {
  wasm_byte_vec_delete(&Name);
  delete Type;
}

//===------------------- type objects of runtime entities -----------------===//

namespace w2s_capi {

wasm_valkind_t kindOf(rt::ValType T) {
  switch (T) {
  case W2S_I32:
    return WASM_I32;
  case W2S_I64:
    return WASM_I64;
  case W2S_F32:
    return WASM_F32;
  case W2S_F64:
    return WASM_F64;
  case W2S_FUNCREF:
    return WASM_FUNCREF;
  case W2S_EXTERNREF:
    return WASM_EXTERNREF;
  default:
    return V128Kind;
  }
}

bool valTypeOf(wasm_valkind_t K, rt::ValType &T) {
  switch (K) {
  case WASM_I32:
    T = W2S_I32;
    return true;
  case WASM_I64:
    T = W2S_I64;
    return true;
  case WASM_F32:
    T = W2S_F32;
    return true;
  case WASM_F64:
    T = W2S_F64;
    return true;
  case WASM_FUNCREF:
    T = W2S_FUNCREF;
    return true;
  case WASM_EXTERNREF:
    T = W2S_EXTERNREF;
    return true;
  }
  return false;
}

namespace {
void newValTypes(wasm_valtype_vec_t *Out, const std::vector<rt::ValType> &Ts) {
  wasm_valtype_vec_new_uninitialized(Out, Ts.size());
  for (size_t I = 0; I < Ts.size(); ++I)
    Out->data[I] = newValType(kindOf(Ts[I]));
}

wasm_limits_t limitsOf(uint64_t Min, std::optional<uint64_t> Max) {
  auto Clamp = [](uint64_t V) {
    return uint32_t(V > 0xffffffffu ? 0xffffffffu : V);
  };
  return {Clamp(Min), Max ? Clamp(*Max) : wasm_limits_max_default};
}
} // namespace

wasm_functype_t *functypeOf(const rt::FuncSig &Sig) {
  auto *T = new wasm_functype_t();
  newValTypes(&T->Params, Sig.Params);
  newValTypes(&T->Results, Sig.Results);
  return T;
}

wasm_globaltype_t *globaltypeOf(rt::ValType T, bool Mutable) {
  return wasm_globaltype_new(newValType(kindOf(T)),
                             Mutable ? WASM_VAR : WASM_CONST);
}

wasm_tabletype_t *tabletypeOf(rt::ValType Elem, uint64_t Min,
                              std::optional<uint64_t> Max) {
  wasm_limits_t L = limitsOf(Min, Max);
  return wasm_tabletype_new(newValType(kindOf(Elem)), &L);
}

wasm_memorytype_t *memorytypeOf(uint64_t Min, std::optional<uint64_t> Max) {
  wasm_limits_t L = limitsOf(Min, Max);
  return wasm_memorytype_new(&L);
}

rt::FuncSig sigOf(const wasm_functype_t *T) {
  rt::FuncSig Sig;
  auto Add = [](std::vector<rt::ValType> &To, const wasm_valtype_vec_t &V) {
    for (size_t I = 0; I < V.size; ++I) {
      rt::ValType VT = W2S_V128;
      valTypeOf(V.data[I]->Kind, VT);
      To.push_back(VT);
    }
  };
  Add(Sig.Params, T->Params);
  Add(Sig.Results, T->Results);
  return Sig;
}

void newName(wasm_name_t *Out, const std::string &S) {
  wasm_byte_vec_new(Out, S.size(), S.data());
}

} // namespace w2s_capi
