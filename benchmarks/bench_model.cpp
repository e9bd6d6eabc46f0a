// Model speed: forward latency of one window (batch 1) with the fast and the straightforward
// path, and training throughput (windows per second at batch 32) for the paper and lite
// configurations. Usage: bench_model [THREADS] (default 2).
#include "insolepose/SessionReader.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/model/Training.h"
#include "insolepose/synth/SynthDataset.h"

#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

using namespace insolepose;
using namespace insolepose::model;
using Clock = std::chrono::steady_clock;

namespace {
double medianMs(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
} // namespace

int main(int argc, char** argv)
{
    const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
    PoseModel::setThreads(threads);
    std::printf("threads: %d\n", PoseModel::threads());
    for (const ModelConfig& c : {ModelConfig::paper(), ModelConfig::lite()}) {
        const PoseModel m(c, 1);
        std::mt19937 rng(1);
        std::uniform_real_distribution<float> u(0.0f, 1.0f);
        std::vector<float> w(std::size_t(2 * c.window * c.inputRows * c.inputCols));
        for (float& x : w)
            x = u(rng);
        for (bool fast : {true, false}) {
            for (int i = 0; i < 3; ++i)
                m.predict(w, 1, fast); // warm up
            std::vector<double> ms;
            for (int i = 0; i < (fast ? 30 : 8); ++i) {
                const auto t0 = Clock::now();
                m.predict(w, 1, fast);
                ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            }
            std::printf("%-5s batch 1, %s path: median %.1f ms (%zu runs)\n", c.name.c_str(),
                        fast ? "fast" : "straightforward", medianMs(ms), ms.size());
        }
    }
    // Training throughput: real training steps (forward, backward, Adam) on synthetic sessions.
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
        o.maxWindowsPerEpoch = c.name == "paper" ? 96 : 320;
        Trainer trainer(m, source, o);
        trainer.runEpoch(0, all, {}); // warm up
        const EpochReport r = trainer.runEpoch(1, all, {});
        std::printf("%-5s training at batch 32: %.1f windows/s (%.0f windows in %.1f s)\n", c.name.c_str(),
                    r.windowsPerSecond, double(o.maxWindowsPerEpoch), r.seconds);
    }
    return 0;
}
