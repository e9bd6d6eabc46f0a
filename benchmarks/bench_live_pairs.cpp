// Several pairs of insoles live at once (live::LiveGroup): for N = --min-pairs .. --max-pairs, N real
// simulators (`insolepose simulate` processes, each a pair of WiFi boards over TCP on 127.0.0.1 at
// --rate Hz) stream synthetic motion into one LiveGroup with the causal model (one inference
// thread per pair). After a warm-up, for --seconds: frames and predictions per second per pair,
// windows superseded, and the latency from the arrival of a window's newest frame to its
// prediction on the owner's thread (median, p95). A pair is kept up when it gets a prediction for
// at least 95 % of the frames of its left foot. Prints how many pairs this machine keeps up.
// Run it holding the build lock (docs/MODEL.md, "Causal live model").
#include "../tests/helpers/Simulators.h"
#include "BenchUtil.h"
#include "insolepose/live/LiveGroup.h"
#include "insolepose/model/PoseModel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

using namespace insolepose;
using bench::percentile;
using bench::waitMs;

namespace {

struct PairCounts {
    std::uint64_t frames = 0, predictions = 0, superseded = 0;
};

PairCounts counts(const live::LiveSession& s)
{
    const live::LiveStats st = s.stats();
    return {st.received[Foot::Left], st.predictions, st.supersededWindows};
}

struct RunResult {
    double minPredictionRate_hz = 0, meanPredictionRate_hz = 0, meanFrameRate_hz = 0;
    double latencyMedian_ms = 0, latencyP95_ms = 0;
    std::uint64_t superseded = 0;
    bool keptUp = false;
};

/// N pairs for `seconds` after the first prediction of every pair (plus a 2 s warm-up).
RunResult runPairs(int pairs, std::shared_ptr<const model::PoseModel> model, double rate_hz, double seconds)
{
    // Declared before the group: its predictionReady handler below uses them until it is gone.
    bool measuring = false;
    std::vector<double> latencies_ms;
    live::LiveGroup group;
    group.setModel(std::move(model), 1);
    std::vector<std::unique_ptr<QProcess>> sims;
    for (int i = 0; i < pairs; ++i) {
        const quint16 port = test::freeLocalPort();
        if (group.addPair(test::tcpSourceUrl(port)) < 0) {
            std::fprintf(stderr, "%s\n", qPrintable(group.lastError()));
            std::exit(1);
        }
        sims.push_back(test::startSimulator(QStringLiteral(INSOLEPOSE_CLI), port, rate_hz, 100 + i));
    }
    QObject::connect(&group, &live::LiveGroup::predictionReady, &group,
                     [&](int, const model::InferenceResult&, const Pose&, qint64 newestArrival_ns) {
                         if (measuring && newestArrival_ns > 0)
                             latencies_ms.push_back(double(hostClock_ns() - newestArrival_ns) / 1e6);
                     });
    auto allPredicting = [&] {
        for (int i = 0; i < pairs; ++i)
            if (group.pair(i)->stats().predictions == 0)
                return false;
        return true;
    };
    for (int waited = 0; !allPredicting() && waited < 30000; waited += 100)
        waitMs(100);
    waitMs(2000);
    std::vector<PairCounts> before;
    for (int i = 0; i < pairs; ++i)
        before.push_back(counts(*group.pair(i)));
    measuring = true;
    waitMs(int(seconds * 1000));
    measuring = false;
    RunResult r;
    r.minPredictionRate_hz = 1e9;
    r.keptUp = true;
    for (int i = 0; i < pairs; ++i) {
        const PairCounts after = counts(*group.pair(i));
        const double frames = double(after.frames - before[std::size_t(i)].frames);
        const double predictions = double(after.predictions - before[std::size_t(i)].predictions);
        r.minPredictionRate_hz = std::min(r.minPredictionRate_hz, predictions / seconds);
        r.meanPredictionRate_hz += predictions / seconds / pairs;
        r.meanFrameRate_hz += frames / seconds / pairs;
        r.superseded += after.superseded - before[std::size_t(i)].superseded;
        r.keptUp = r.keptUp && frames > 0 && predictions >= 0.95 * frames;
    }
    r.latencyMedian_ms = percentile(latencies_ms, 0.5);
    r.latencyP95_ms = percentile(latencies_ms, 0.95);
    for (auto& s : sims)
        test::stopSimulator(*s);
    return r;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription("Live predictions per pair and latency for 1 .. N pairs of simulated insoles.");
    parser.addHelpOption();
    parser.addOptions({{"model", "Model file (default: the bundled causal model).", "FILE",
                        QStringLiteral(INSOLEPOSE_SOURCE_DIR "/resources/models/lite-live.pt")},
                       {"min-pairs", "Smallest number of pairs (default 1).", "N", "1"},
                       {"max-pairs", "Largest number of pairs (default 4).", "N", "4"},
                       {"seconds", "Measured seconds per run (default 20).", "SEC", "20"},
                       {"rate", "Frames per second per board (default 14).", "HZ", "14"}});
    parser.process(app);
    const auto model = std::make_shared<const model::PoseModel>(
        model::PoseModel::load(std::filesystem::path(parser.value("model").toStdString())));
    const double rate = parser.value("rate").toDouble(), seconds = parser.value("seconds").toDouble();
    std::printf("model %s (window %d, label frame %d), %.0f Hz per board, %.0f s per run\n",
                qPrintable(parser.value("model")), model->config().window, model->config().labelIndex(), rate, seconds);
    std::printf("pairs | predictions/s per pair (min, mean) | frames/s per pair | superseded | latency median, p95 | "
                "kept up\n");
    const int minPairs = std::max(1, parser.value("min-pairs").toInt());
    int keptUp = minPairs - 1; // the runs below min-pairs are taken as kept up
    for (int n = minPairs; n <= parser.value("max-pairs").toInt(); ++n) {
        const RunResult r = runPairs(n, model, rate, seconds);
        std::printf("%5d | %6.2f %6.2f | %6.2f | %6llu | %7.1f ms %7.1f ms | %s\n", n, r.minPredictionRate_hz,
                    r.meanPredictionRate_hz, r.meanFrameRate_hz, static_cast<unsigned long long>(r.superseded),
                    r.latencyMedian_ms, r.latencyP95_ms, r.keptUp ? "yes" : "no");
        std::fflush(stdout);
        if (r.keptUp && keptUp == n - 1)
            keptUp = n;
    }
    std::printf("this machine keeps %d pair(s) at %.0f Hz (every pair predicted for at least 95 %% of its frames)\n",
                keptUp, rate);
    return 0;
}
