// Process groups over libtorch's c10d (the engine behind torch.distributed): key-value stores (TCPStore for real
// runs, FileStore for tests on one machine) and a Gloo process group with broadcast, all_reduce, all_gather and
// barrier on tensors. The c10d classes live in libtorch_cpu; Gloo's headers come from libgloo-dev. Without them the
// library still builds and pv_distributed_backends reports no backend.
//
// Every collective blocks until it has finished on this rank (Work::wait). A collective that fails (a peer died,
// a timeout passed) leaves the group unusable: the handle remembers the first error and every later call fails
// with it, because c10d's sequence of matched calls is broken from then on.
#include "common.h"
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

// Torch's CMake targets define USE_C10D_GLOO whether or not Gloo's headers are installed, so our own flag
// (set by native/CMakeLists.txt when it found libgloo-dev) decides.
#ifdef PV3D_WITH_GLOO
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO 1
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif

#include <chrono>
#include <cstring>
#include <mutex>

namespace {

struct Store {
  c10::intrusive_ptr<c10d::Store> store;
};

struct Group {
  c10::intrusive_ptr<c10d::ProcessGroup> pg;
  int rank = 0;
  int size = 1;
  std::chrono::milliseconds timeout{0};
  std::mutex mutex;  // guards `failed`
  std::string failed;
};

std::chrono::milliseconds millis(int64_t ms) { return std::chrono::milliseconds(ms); }

// A per-call timeout of 0 or less means "the group's timeout".
std::chrono::milliseconds call_timeout(const Group* g, int64_t ms) { return ms > 0 ? millis(ms) : g->timeout; }

void ensure_usable(Group* g) {
  std::lock_guard<std::mutex> lock(g->mutex);
  TORCH_CHECK(g->failed.empty(), "the process group is unusable after an earlier failure: ", g->failed);
}

// Waits for one collective; on failure records the message on the group and rethrows it.
void finish(Group* g, const c10::intrusive_ptr<c10d::Work>& work, std::chrono::milliseconds timeout) {
  try {
    work->wait(timeout);
  } catch (const c10::Error& e) {
    std::lock_guard<std::mutex> lock(g->mutex);
    if (g->failed.empty()) g->failed = e.what_without_backtrace();
    throw;
  } catch (const std::exception& e) {
    std::lock_guard<std::mutex> lock(g->mutex);
    if (g->failed.empty()) g->failed = e.what();
    throw;
  }
}

void check_dense_cpu_or_cuda(const at::Tensor& t, const char* what) {
  TORCH_CHECK(t.defined(), what, ": the tensor is undefined");
  TORCH_CHECK(t.layout() == at::kStrided, what, ": only dense tensors are supported");
  TORCH_CHECK(t.is_contiguous(), what, ": the tensor must be contiguous");
}

}  // namespace

typedef Store* pv_store;
typedef Group* pv_group;

// Bit 0: Gloo (CPU tensors). Bit 1 is reserved for NCCL (CUDA builds only).
PV_API int32_t pv_distributed_backends(int32_t* out) {
  PV_TRY
  int32_t mask = 0;
#ifdef PV3D_WITH_GLOO
  mask |= 1;
#endif
  *out = mask;
  PV_CATCH
}

// ---- Stores ----------------------------------------------------------------------------------------------------

// A TCPStore: the server (is_server != 0) listens on host:port and, when wait_workers is set, waits for world_size
// clients (itself included) before returning; clients connect to it. Both give up after timeout_ms.
PV_API int32_t pv_store_tcp_create(const char* host, int32_t port, int32_t is_server, int32_t world_size,
                                   int32_t wait_workers, int64_t timeout_ms, pv_store* out) {
  PV_TRY
  TORCH_CHECK(port >= 0 && port < 65536, "TCPStore: port ", port, " is outside 0..65535");
  TORCH_CHECK(port > 0 || is_server, "TCPStore: a client needs the server's port");
  TORCH_CHECK(timeout_ms > 0, "TCPStore: the timeout must be positive");
  c10d::TCPStoreOptions opts;
  opts.port = static_cast<std::uint16_t>(port);
  opts.isServer = is_server != 0;
  if (world_size > 0) opts.numWorkers = static_cast<std::size_t>(world_size);
  opts.waitWorkers = wait_workers != 0;
  opts.timeout = millis(timeout_ms);
  auto store = c10::make_intrusive<c10d::TCPStore>(std::string(host), opts);
  *out = new Store{store};
  PV_CATCH
}

// A FileStore on a shared file: every process of the group opens the same path with the same world size.
PV_API int32_t pv_store_file_create(const char* path, int32_t world_size, int64_t timeout_ms, pv_store* out) {
  PV_TRY
  TORCH_CHECK(world_size > 0, "FileStore: the world size must be positive");
  TORCH_CHECK(timeout_ms > 0, "FileStore: the timeout must be positive");
  auto store = c10::make_intrusive<c10d::FileStore>(std::string(path), world_size);
  store->setTimeout(millis(timeout_ms));
  *out = new Store{store};
  PV_CATCH
}

PV_API void pv_store_free(pv_store s) { delete s; }

// The port a TCPStore listens on or connects to (a server created with port 0 gets a free one from the system).
PV_API int32_t pv_store_tcp_port(pv_store s, int32_t* out) {
  PV_TRY
  auto tcp = dynamic_cast<c10d::TCPStore*>(s->store.get());
  TORCH_CHECK(tcp != nullptr, "store: not a TCPStore");
  *out = tcp->getPort();
  PV_CATCH
}

PV_API int32_t pv_store_set_timeout(pv_store s, int64_t timeout_ms) {
  PV_TRY
  TORCH_CHECK(timeout_ms > 0, "store: the timeout must be positive");
  s->store->setTimeout(millis(timeout_ms));
  PV_CATCH
}

PV_API int32_t pv_store_set(pv_store s, const char* key, const uint8_t* data, int64_t length) {
  PV_TRY
  std::vector<uint8_t> value(data, data + length);
  s->store->set(std::string(key), value);
  PV_CATCH
}

// Blocks until the key exists (up to the store's timeout). Copies at most `capacity` bytes and always reports the
// value's full length, so a caller with too small a buffer can ask again.
PV_API int32_t pv_store_get(pv_store s, const char* key, uint8_t* buffer, int64_t capacity, int64_t* length) {
  PV_TRY
  auto value = s->store->get(std::string(key));
  *length = static_cast<int64_t>(value.size());
  auto n = std::min<int64_t>(capacity, static_cast<int64_t>(value.size()));
  if (n > 0) std::memcpy(buffer, value.data(), static_cast<size_t>(n));
  PV_CATCH
}

// Atomically adds `delta` to the integer stored at key (0 when absent) and returns the new value.
PV_API int32_t pv_store_add(pv_store s, const char* key, int64_t delta, int64_t* out) {
  PV_TRY
  *out = s->store->add(std::string(key), delta);
  PV_CATCH
}

// Whether every key exists now (does not wait).
PV_API int32_t pv_store_check(pv_store s, const char* const* keys, int32_t n, int32_t* out) {
  PV_TRY
  std::vector<std::string> k(keys, keys + n);
  *out = s->store->check(k) ? 1 : 0;
  PV_CATCH
}

// Waits until every key exists or timeout_ms passes (an error then). FileStore's wait bounds itself by the store's
// timeout rather than the one passed, so the store's timeout is set for the call and restored afterwards.
PV_API int32_t pv_store_wait(pv_store s, const char* const* keys, int32_t n, int64_t timeout_ms) {
  PV_TRY
  TORCH_CHECK(timeout_ms > 0, "store: the timeout must be positive");
  std::vector<std::string> k(keys, keys + n);
  auto previous = s->store->getTimeout();
  s->store->setTimeout(millis(timeout_ms));
  try {
    s->store->wait(k, millis(timeout_ms));
  } catch (...) {
    s->store->setTimeout(previous);
    throw;
  }
  s->store->setTimeout(previous);
  PV_CATCH
}

// ---- Process groups ----------------------------------------------------------------------------------------------

// A Gloo process group of `size` ranks meeting through `store` (all ranks connect to each other before this
// returns, or it fails after timeout_ms). The transport binds to the network interface named `iface` when given,
// else to the address `hostname` resolves to when given, else to the machine's host name (loopback as fallback),
// as torch.distributed does. `threads` is Gloo's worker thread count (0: its default).
PV_API int32_t pv_group_gloo_create(pv_store s, int32_t rank, int32_t size, const char* iface, const char* hostname,
                                    int64_t timeout_ms, int32_t threads, pv_group* out) {
  PV_TRY
#ifdef PV3D_WITH_GLOO
  TORCH_CHECK(size > 0, "process group: the world size must be positive");
  TORCH_CHECK(rank >= 0 && rank < size, "process group: rank ", rank, " is outside 0..", size - 1);
  TORCH_CHECK(timeout_ms > 0, "process group: the timeout must be positive");
  auto options = c10d::ProcessGroupGloo::Options::create(millis(timeout_ms));
  if (iface && *iface)
    options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(std::string(iface)));
  else if (hostname && *hostname)
    options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname(std::string(hostname)));
  else
    options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
  if (threads > 0) options->threads = threads;
  auto group = std::make_unique<Group>();
  group->pg = c10::make_intrusive<c10d::ProcessGroupGloo>(s->store, rank, size, options);
  group->rank = rank;
  group->size = size;
  group->timeout = millis(timeout_ms);
  *out = group.release();
#else
  TORCH_CHECK(false, "process group: this libpv3dtorch was built without Gloo (install libgloo-dev and rebuild native/)");
#endif
  PV_CATCH
}

PV_API void pv_group_free(pv_group g) { delete g; }

PV_API int32_t pv_group_rank(pv_group g, int32_t* out) { PV_TRY *out = g->rank; PV_CATCH }

PV_API int32_t pv_group_size(pv_group g, int32_t* out) { PV_TRY *out = g->size; PV_CATCH }

// The first failure of a collective on this group ("" while none), copied into buffer (NUL-terminated).
PV_API int32_t pv_group_failure(pv_group g, char* buffer, int32_t capacity) {
  PV_TRY
  std::lock_guard<std::mutex> lock(g->mutex);
  auto n = std::min<size_t>(g->failed.size(), capacity > 0 ? static_cast<size_t>(capacity - 1) : 0);
  if (capacity > 0) {
    std::memcpy(buffer, g->failed.data(), n);
    buffer[n] = 0;
  }
  PV_CATCH
}

// In place: every rank's tensor becomes root's.
PV_API int32_t pv_group_broadcast(pv_group g, pv_tensor t, int32_t root, int64_t timeout_ms) {
  PV_TRY
  ensure_usable(g);
  check_dense_cpu_or_cuda(*t, "broadcast");
  TORCH_CHECK(root >= 0 && root < g->size, "broadcast: root ", root, " is outside 0..", g->size - 1);
  c10d::BroadcastOptions opts;
  opts.rootRank = root;
  opts.timeout = call_timeout(g, timeout_ms);
  std::vector<at::Tensor> tensors{*t};
  finish(g, g->pg->broadcast(tensors, opts), opts.timeout);
  PV_CATCH
}

// In place: op 0 sums over ranks, 1 averages (Gloo has no AVG: the sum divided by the world size, floating
// tensors only), 2 takes the minimum, 3 the maximum.
PV_API int32_t pv_group_all_reduce(pv_group g, pv_tensor t, int32_t op, int64_t timeout_ms) {
  PV_TRY
  ensure_usable(g);
  check_dense_cpu_or_cuda(*t, "all_reduce");
  c10d::AllreduceOptions opts;
  switch (op) {
    case 0:
    case 1: opts.reduceOp = c10d::ReduceOp::SUM; break;
    case 2: opts.reduceOp = c10d::ReduceOp::MIN; break;
    case 3: opts.reduceOp = c10d::ReduceOp::MAX; break;
    default: TORCH_CHECK(false, "all_reduce: unknown reduction ", op);
  }
  if (op == 1) TORCH_CHECK(at::isFloatingType(t->scalar_type()), "all_reduce: the average needs a floating tensor");
  opts.timeout = call_timeout(g, timeout_ms);
  std::vector<at::Tensor> tensors{*t};
  finish(g, g->pg->allreduce(tensors, opts), opts.timeout);
  if (op == 1 && g->size > 1) {
    c10::NoGradGuard no_grad;
    t->div_(static_cast<double>(g->size));
  }
  PV_CATCH
}

// Gathers every rank's tensor (same shape and dtype everywhere) into a new tensor of shape [size, *t.shape],
// row r holding rank r's.
PV_API int32_t pv_group_all_gather(pv_group g, pv_tensor t, int64_t timeout_ms, pv_tensor* out) {
  PV_TRY
  ensure_usable(g);
  check_dense_cpu_or_cuda(*t, "all_gather");
  std::vector<int64_t> shape{g->size};
  for (auto s : t->sizes()) shape.push_back(s);
  auto result = at::empty(shape, t->options());
  std::vector<std::vector<at::Tensor>> outputs(1);
  for (int r = 0; r < g->size; ++r) outputs[0].push_back(result.select(0, r));
  std::vector<at::Tensor> inputs{*t};
  c10d::AllgatherOptions opts;
  opts.timeout = call_timeout(g, timeout_ms);
  finish(g, g->pg->allgather(outputs, inputs, opts), opts.timeout);
  *out = pv::wrap(result);
  PV_CATCH
}

PV_API int32_t pv_group_barrier(pv_group g, int64_t timeout_ms) {
  PV_TRY
  ensure_usable(g);
  c10d::BarrierOptions opts;
  opts.timeout = call_timeout(g, timeout_ms);
  finish(g, g->pg->barrier(opts), opts.timeout);
  PV_CATCH
}
