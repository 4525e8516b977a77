// An op profiler for measurements: with PV3D_PROFILE=FILE in the environment, every ATen op and autograd node the
// process runs is timed through libtorch's RecordFunction callbacks, and at exit FILE gets a table of ops sorted by
// self time (time inside the op minus the ops it called). Without the variable nothing is registered and ops pay
// nothing. Used for bench/RESULTS.md (issue 13): which kernels a generator frame or a training update spends on.
#include "common.h"
#include <ATen/record_function.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct OpTotals {
  int64_t calls = 0;
  double total_s = 0;
  double self_s = 0;
};

struct Frame {
  Clock::time_point start;
  double children_s = 0;
};

std::mutex g_mutex;
std::unordered_map<std::string, OpTotals>* g_totals = nullptr;
std::string* g_path = nullptr;
Clock::time_point g_started;
bool g_enabled = false;

thread_local std::vector<Frame> t_stack;

std::unique_ptr<at::ObserverContext> on_enter(const at::RecordFunction&) {
  t_stack.push_back(Frame{Clock::now(), 0});
  return nullptr;
}

void on_exit(const at::RecordFunction& fn, at::ObserverContext*) {
  if (t_stack.empty()) return;  // entered before the callbacks were registered
  const Frame frame = t_stack.back();
  t_stack.pop_back();
  const double total = std::chrono::duration<double>(Clock::now() - frame.start).count();
  if (!t_stack.empty()) t_stack.back().children_s += total;
  std::lock_guard<std::mutex> lock(g_mutex);
  OpTotals& op = (*g_totals)[fn.name()];
  op.calls += 1;
  op.total_s += total;
  op.self_s += total - frame.children_s;
}

__attribute__((constructor)) void start_profiler() {
  const char* path = std::getenv("PV3D_PROFILE");
  if (path == nullptr || *path == '\0') return;
  g_totals = new std::unordered_map<std::string, OpTotals>();
  g_path = new std::string(path);
  g_started = Clock::now();
  at::addGlobalCallback(at::RecordFunctionCallback(on_enter, on_exit)
                            .scopes({at::RecordScope::FUNCTION, at::RecordScope::BACKWARD_FUNCTION}));
  g_enabled = true;
}

__attribute__((destructor)) void write_profile() {
  if (!g_enabled) return;
  std::vector<std::pair<std::string, OpTotals>> rows;
  double self_sum = 0;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    for (const auto& entry : *g_totals) {
      rows.push_back(entry);
      self_sum += entry.second.self_s;
    }
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.self_s > b.second.self_s; });
  FILE* out = std::fopen(g_path->c_str(), "w");
  if (out == nullptr) return;
  const double wall = std::chrono::duration<double>(Clock::now() - g_started).count();
  std::fprintf(out, "# ops by self time; process wall time %.2f s from load to exit, %.2f s inside ops\n", wall, self_sum);
  std::fprintf(out, "%-48s %10s %12s %12s %8s\n", "op", "calls", "self_s", "total_s", "self_%");
  for (const auto& row : rows)
    std::fprintf(out, "%-48s %10lld %12.3f %12.3f %8.2f\n", row.first.c_str(), static_cast<long long>(row.second.calls),
                 row.second.self_s, row.second.total_s, self_sum > 0 ? 100 * row.second.self_s / self_sum : 0.0);
  std::fclose(out);
}

}  // namespace
