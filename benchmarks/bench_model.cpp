// Model speed: forward latency of one window (batch 1) with the fast and the straightforward
// path; for the paper configuration also on 1 and 2 threads and with the adaptive thread choice,
// on a quiet machine and with one other core kept busy by this program (a spinning thread pinned
// to the last CPU), and in bfloat16 with its keypoint difference from float32 (a fresh paper model
// and the bundled lite demo model on synthetic sessions); then training throughput (windows per
// second at batch 32) for the paper and lite configurations. Usage: bench_model [THREADS
// [--inference-only | --training-only]] (default 2; the first stops after the paper figures, the
// second measures training only). docs/MODEL.md, "Inference speed", has the figures and what they mean.
#include "BenchUtil.h"
#include "insolepose/SessionReader.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/model/Training.h"
#include "insolepose/synth/SynthDataset.h"

#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>

#include <pthread.h>
#include <sched.h>

using namespace insolepose;
using namespace insolepose::model;
using Clock = std::chrono::steady_clock;

namespace {
using bench::percentile;
double medianMs(std::vector<double> v) { return percentile(std::move(v), 0.5); }

/// Keeps one core busy while it lives: a thread spinning on the last CPU this process may use.
class BusyCore {
public:
    BusyCore()
    {
        m_thread = std::thread([this] {
            cpu_set_t set;
            if (sched_getaffinity(0, sizeof set, &set) == 0) {
                int last = 0;
                for (int c = 0; c < CPU_SETSIZE; ++c)
                    if (CPU_ISSET(c, &set))
                        last = c;
                CPU_ZERO(&set);
                CPU_SET(last, &set);
                pthread_setaffinity_np(pthread_self(), sizeof set, &set);
            }
            volatile double x = 1.0;
            while (!m_stop.load(std::memory_order_relaxed))
                x = x * 1.0000001 + 1e-9;
        });
    }
    ~BusyCore()
    {
        m_stop = true;
        m_thread.join();
    }

private:
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

/// Durations of `runs` batch-1 forwards after three to warm up.
std::vector<double> forwardTimes(const PoseModel& m, std::span<const float> w, const PredictOptions& o, int runs)
{
    for (int i = 0; i < 3; ++i)
        m.predict(w, 1, o);
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        m.predict(w, 1, o);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    return ms;
}

/// The same on a fixed thread count.
std::vector<double> forwardTimesOn(int threads, const PoseModel& m, std::span<const float> w, int runs)
{
    const int before = PoseModel::threads();
    PoseModel::setThreads(threads);
    auto ms = forwardTimes(m, w, PredictOptions{}, runs);
    PoseModel::setThreads(before);
    return ms;
}

struct Difference {
    double mean_cm = 0, max_cm = 0;
    std::size_t windows = 0;
};

/// Per-window MPJPE between bfloat16 and float32 keypoints over every `step`-th window of `refs`.
Difference bf16Difference(const PoseModel& m, const WindowSource& source, const std::vector<WindowRef>& refs,
                          std::size_t step)
{
    Difference d;
    std::vector<float> buf;
    PredictOptions bf;
    bf.precision = Precision::BFloat16;
    for (std::size_t i = 0; i < refs.size(); i += step * 32) {
        buf.clear();
        std::size_t n = 0;
        for (std::size_t j = i; j < std::min(refs.size(), i + step * 32); j += step, ++n) {
            buf.resize((n + 1) * source.windowValues());
            source.fill(refs[j], std::span<float>(buf).subspan(n * source.windowValues()));
        }
        const ModelOutput a = m.predict(buf, n, PredictOptions{}), b = m.predict(buf, n, bf);
        for (std::size_t k = 0; k < n; ++k) {
            const double cm = 100.0 * mpjpe(a.keypoints[k], b.keypoints[k]);
            d.mean_cm += cm;
            d.max_cm = std::max(d.max_cm, cm);
        }
        d.windows += n;
    }
    d.mean_cm /= double(std::max<std::size_t>(1, d.windows));
    return d;
}

/// The paper configuration at batch 1: threads, adaptive choice, one core busy, bfloat16.
void paperInference(const std::vector<float>& w, const WindowSource& synthWindows, const std::vector<WindowRef>& refs)
{
    const PoseModel m(ModelConfig::paper(), 1);
    PredictOptions adaptive;
    adaptive.adaptiveThreads = true;
    const auto one = forwardTimesOn(1, m, w, 30), two = forwardTimesOn(2, m, w, 30);
    const auto quiet = forwardTimes(m, w, adaptive, 100);
    std::printf("paper batch 1, fast path, quiet: 1 thread median %.1f ms, 2 threads median %.1f ms; adaptive "
                "median %.1f ms, p95 %.1f ms (%zu runs)\n",
                medianMs(one), medianMs(two), medianMs(quiet), percentile(quiet, 0.95), quiet.size());
    {
        const BusyCore busy;
        const auto busyOne = forwardTimesOn(1, m, w, 30), busyTwo = forwardTimesOn(2, m, w, 30);
        const auto loaded = forwardTimes(m, w, adaptive, 200);
        std::printf("paper batch 1, fast path, one core busy: adaptive median %.1f ms, p95 %.1f ms (%zu runs); "
                    "1 thread median %.1f ms, 2 threads median %.1f ms, p95 %.1f ms\n",
                    medianMs(loaded), percentile(loaded, 0.95), loaded.size(), medianMs(busyOne), medianMs(busyTwo),
                    percentile(busyTwo, 0.95));
        const auto straight = forwardTimes(m, w, PredictOptions{false}, 5);
        std::printf("paper batch 1, straightforward path, one core busy: median %.1f ms (%zu runs)\n",
                    medianMs(straight), straight.size());
    }
    if (!PoseModel::bf16Supported()) {
        std::printf("bfloat16: not measured, this CPU has no AVX-512 BF16 or AMX-BF16\n");
        return;
    }
    PredictOptions bf;
    bf.precision = Precision::BFloat16;
    const auto bfTimes = forwardTimes(m, w, bf, 30);
    const Difference d = bf16Difference(m, synthWindows, refs, 4);
    std::printf("paper batch 1, bfloat16 fast path: median %.1f ms (%zu runs); MPJPE difference to float32 %.4f cm "
                "mean, %.4f cm max (fresh paper model, %zu synthetic windows)\n",
                medianMs(bfTimes), bfTimes.size(), d.mean_cm, d.max_cm, d.windows);
    const PrecisionChoice live = livePrecisionFor(m);
    std::printf("live precision for paper: %s (%s)\n", precisionName(live.precision), live.reason.c_str());
}

/// The bundled lite demo model: bfloat16 against float32, and both against the ground truth.
void demoModelBf16(const std::vector<std::unique_ptr<Session>>& sessions)
{
    if (!PoseModel::bf16Supported())
        return;
    const PoseModel demo = PoseModel::load(INSOLEPOSE_SOURCE_DIR "/resources/models/lite-demo.pt");
    WindowSource source(demo.config());
    std::vector<WindowRef> refs;
    for (const auto& s : sessions) {
        const auto w = source.groundTruthWindows(source.addSession(*s));
        refs.insert(refs.end(), w.begin(), w.end());
    }
    const Difference d = bf16Difference(demo, source, refs, 2);
    std::printf("lite-demo bfloat16 vs float32: MPJPE difference %.4f cm mean, %.4f cm max (%zu synthetic "
                "windows, %zu sessions)\n",
                d.mean_cm, d.max_cm, d.windows, sessions.size());
    const PrecisionChoice live = livePrecisionFor(demo);
    std::printf("live precision for lite-demo: %s (%s)\n", precisionName(live.precision), live.reason.c_str());
}

std::vector<std::unique_ptr<Session>> synthSessions(const QTemporaryDir& dir, const synth::SynthOptions& so)
{
    synth::writeSynthDataset(dir.path().toStdString(), so);
    std::vector<std::unique_ptr<Session>> sessions;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path().toStdString()))
        if (entry.is_directory())
            sessions.push_back(std::make_unique<Session>(openSession(entry.path())));
    return sessions;
}
} // namespace

int main(int argc, char** argv)
{
    const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
    PoseModel::setThreads(threads);
    std::printf("threads: %d\n", PoseModel::threads());
    const bool trainingOnly = argc > 2 && std::string(argv[2]) == "--training-only";
    for (const ModelConfig& c : {ModelConfig::paper(), ModelConfig::lite()}) {
        if (trainingOnly)
            break;
        const PoseModel m(c, 1);
        std::mt19937 rng(1);
        std::uniform_real_distribution<float> u(0.0f, 1.0f);
        std::vector<float> w(std::size_t(2 * c.window * c.inputRows * c.inputCols));
        for (float& x : w)
            x = u(rng);
        for (bool fast : {true, false}) {
            const auto ms = forwardTimes(m, w, PredictOptions{fast}, fast ? 30 : 8);
            std::printf("%-5s batch 1, %s path: median %.1f ms (%zu runs)\n", c.name.c_str(),
                        fast ? "fast" : "straightforward", medianMs(ms), ms.size());
        }
        if (c.name == "paper") {
            // A held-out-like test set: one unseen subject (seed 99), every action.
            QTemporaryDir testDir;
            synth::SynthOptions to;
            to.subjects = 1;
            to.seed = 99;
            to.minutesPerAction = 0.5;
            to.video = false;
            const auto testSessions = synthSessions(testDir, to);
            WindowSource source(c);
            std::vector<WindowRef> refs;
            for (const auto& s : testSessions) {
                const auto r = source.groundTruthWindows(source.addSession(*s));
                refs.insert(refs.end(), r.begin(), r.end());
            }
            paperInference(w, source, refs);
            demoModelBf16(testSessions);
        }
        if (argc > 2 && std::string(argv[2]) == "--inference-only")
            return 0;
    }
    // Training throughput: real training steps (forward, backward, Adam) on synthetic sessions,
    // with the heap kept for reuse as `insolepose train` does.
    keepFreedMemoryForReuse();
    QTemporaryDir tmp;
    synth::SynthOptions so;
    so.subjects = 1;
    so.actions = {synth::Action::Walking, synth::Action::Squat};
    so.minutesPerAction = 0.5;
    so.video = false;
    synth::writeSynthDataset(tmp.path().toStdString(), so);
    std::vector<std::unique_ptr<Session>> sessions;
    for (const char* name : {"S01-walking", "S01-squat"})
        sessions.push_back(
            std::make_unique<Session>(openSession(std::filesystem::path(tmp.path().toStdString()) / name)));
    for (const ModelConfig& c : {ModelConfig::paper(), ModelConfig::lite()}) {
        PoseModel m(c, 2);
        WindowSource source(c);
        for (const auto& s : sessions)
            source.addSession(*s);
        std::vector<WindowRef> all;
        for (std::size_t i = 0; i < source.sessionCount(); ++i) {
            auto w = source.groundTruthWindows(i);
            all.insert(all.end(), w.begin(), w.end());
        }
        TrainOptions o;
        o.threads = threads;
        o.maxWindowsPerEpoch = c.name == "paper" ? 192 : 640;
        Trainer trainer(m, source, o);
        trainer.runEpoch(0, all, {}); // warm up
        const EpochReport r = trainer.runEpoch(1, all, {});
        std::printf("%-5s training at batch 32: %.1f windows/s (%.0f windows in %.1f s)\n", c.name.c_str(),
                    r.windowsPerSecond, double(o.maxWindowsPerEpoch), r.seconds);
    }
    return 0;
}
