// Studio benchmark (run under Xvfb: xvfb-run -a -s "-screen 0 1600x1000x24" bench_studio).
// Review: a 10-minute synthetic session with one 640x480 camera and the demo model's predictions
// (made once, cached in --data): time to open, median time from a random seek to the right video
// frame on screen, playback at 1x with every panel visible (panel frames per second), resident
// memory. Live: the simulator at 14 Hz for --live-seconds (default 120) against the studio's live
// mode, once with the causal live model and once with the centre model: frames lost or dropped,
// the pose's lag, and the latency from a frame's arrival to its predicted skeleton on screen
// (median, p95).
#include "BenchUtil.h"
#include "LiveController.h"
#include "LiveDisplay.h"
#include "PlaybackClock.h"
#include "PredictionController.h"
#include "ReviewController.h"
#include "StudioWindow.h"
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/live/LiveSession.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/model/Training.h"
#include "insolepose/synth/SynthDataset.h"
#include "insolepose/widgets/SkeletonView.h"
#include "insolepose/widgets/VideoPanel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>

using namespace insolepose;
using bench::percentile;
using bench::waitMs;
namespace fs = std::filesystem;

namespace {

double rssMiB()
{
    QFile f("/proc/self/status");
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return 0;
}

/// Live mode with `liveModel` against the simulator for `seconds`: frames, losses, the pose's lag
/// and the arrival-to-screen latency of the predicted skeleton.
bool runLive(StudioWindow& win, const QString& liveModel, double seconds)
{
    win.live()->setLiveModelFile(liveModel);
    if (!win.live()->startSimulator(14.0)) {
        std::fprintf(stderr, "cannot start the simulator: %s\n", qPrintable(win.lastError()));
        return false;
    }
    waitMs(int(seconds * 1000));
    const live::LiveStats s = win.live()->liveSession()->stats();
    const auto lat = win.live()->latencies_ms();
    std::vector<double> model_ms;
    for (const LiveDisplay::PoseTiming& t : win.live()->display().timings())
        model_ms.push_back(t.model_ms);
    const LiveModelInfo& m = win.live()->liveModel();
    std::printf("live %.0f s at 14 Hz, model %s: received L %llu R %llu, lost (sequence gaps) L %llu R %llu, queue "
                "drops %llu, predictions %llu (superseded windows %llu)\n",
                seconds, qPrintable(m.name), (unsigned long long)s.received[0], (unsigned long long)s.received[1],
                (unsigned long long)s.source.feet[0].lost, (unsigned long long)s.source.feet[1].lost,
                (unsigned long long)(s.queueDropped + s.source.dropped), (unsigned long long)s.predictions,
                (unsigned long long)s.supersededWindows);
    std::printf("live %s: pose lag %d frames (%.2f s at %.1f Hz); arrival-to-screen latency of the predicted "
                "skeleton: median %.1f ms, p95 %.1f ms over %zu poses (model alone: median %.1f ms); the skeleton "
                "shows the person %.2f s late (median; target for the causal model: latency median < 100 ms)\n",
                qPrintable(m.name), m.lagFrames, s.lag_s, s.sourceRate_hz, percentile(lat, 0.5), percentile(lat, 0.95),
                lat.size(), percentile(model_ms, 0.5), s.lag_s + percentile(lat, 0.5) / 1000);
    std::printf("resident memory after live: %.0f MiB\n", rssMiB());
    std::fflush(stdout);
    win.live()->disconnectLive();
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    SkeletonView::prepareDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName("InsolePoseBench");
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption dataOpt("data", "Cache folder for the 10-minute session.", "DIR",
                                     "/tmp/insolepose-bench-studio");
    const QCommandLineOption liveOpt("live-seconds", "Seconds of live mode per model (0: skip).", "SEC", "120");
    const QCommandLineOption playOpt("play-seconds", "Seconds of playback.", "SEC", "20");
    const QCommandLineOption noGlOpt("no-skeletons", "Hide the skeleton views (to measure what they cost).");
    p.addOptions({dataOpt, liveOpt, playOpt, noGlOpt});
    p.process(app);
    const fs::path data = p.value(dataOpt).toStdString();
    const fs::path sessionDir = data / "S01-mixed";
    const QString model = QStringLiteral(INSOLEPOSE_SOURCE_DIR "/resources/models/lite-demo.pt");

    if (!fs::exists(sessionDir / "session.json")) {
        std::printf("generating a 10-minute session with one 640x480 camera in %s ...\n", data.c_str());
        std::fflush(stdout);
        fs::remove_all(data);
        synth::SynthOptions o;
        o.subjects = 1;
        o.mixed = true;
        o.minutesPerAction = 10.0 / 7.0;
        o.seed = 21;
        synth::writeSynthDataset(data, o);
        fs::path made;
        for (const auto& e : fs::directory_iterator(data))
            if (fs::exists(e.path() / "session.json"))
                made = e.path();
        if (made != sessionDir)
            fs::rename(made, sessionDir);
        model::PoseModel::setThreads(2);
        const model::PoseModel m = model::PoseModel::load(model.toStdString());
        const Session s = openSession(sessionDir);
        const auto r = model::predictSession(m, s);
        writePredictions(sessionDir, "lite-demo", r.times, r.poses);
    }

    StudioWindow win;
    PlaybackClock* playback = win.clock();
    win.resize(1440, 900);
    win.show();
    if (p.isSet(noGlOpt))
        win.centralWidget()->hide();
    waitMs(500);

    // Open (median of 3; the first is the cold one).
    std::vector<double> opens;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer t;
        t.start();
        if (!win.openSession(QString::fromStdString(sessionDir.string()))) {
            std::fprintf(stderr, "cannot open %s: %s\n", sessionDir.c_str(), qPrintable(win.lastError()));
            return 1;
        }
        opens.push_back(double(t.nsecsElapsed()) / 1e6);
        waitMs(300);
    }
    const double duration = nsToSeconds(playback->end_ns() - playback->start_ns());
    std::printf("session: %.1f s, %zu tactile frames per foot, %zu video frames\n", duration,
                win.review()->session()->tactile(Foot::Left).size(),
                win.review()->session()->cameras().at(0).frames.size());
    std::printf("open: first %.1f ms, median of 3 %.1f ms (target < 1000 ms)\n", opens[0], percentile(opens, 0.5));

    // Random seeks: from setCursor to the right frame on screen.
    VideoPanel* video = win.videoPanel();
    std::vector<double> seeks;
    std::mt19937 rng(11);
    for (int i = 0; i < 40; ++i) {
        const TimeNs t = playback->start_ns() + TimeNs(std::uniform_real_distribution<double>(0, duration)(rng) * 1e9);
        QElapsedTimer clock;
        clock.start();
        playback->setCursor(t);
        const qint64 want = video->wantedFrame(0);
        while (video->shownFrame(0) != want && clock.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        QCoreApplication::processEvents(); // the repaint
        seeks.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    std::printf("random seek to the right video frame on screen: median %.1f ms, p90 %.1f ms, max %.1f ms (target "
                "median < 100 ms)\n",
                percentile(seeks, 0.5), percentile(seeks, 0.9), percentile(seeks, 1.0));

    // Playback at 1x with every panel visible.
    playback->setCursor(playback->start_ns() + 60 * kNsPerSecond);
    int frames = 0, videoFrames = 0;
    QObject::connect(playback, &PlaybackClock::cursorChanged, [&] { ++frames; });
    QObject::connect(video, &VideoPanel::frameShown, [&] { ++videoFrames; });
    const double playSeconds = p.value(playOpt).toDouble();
    const TimeNs cursorBefore = playback->cursor_ns();
    QElapsedTimer playClock;
    playClock.start();
    playback->setSpeed(1.0);
    playback->play();
    waitMs(int(playSeconds * 1000));
    playback->pause();
    const double wall = double(playClock.nsecsElapsed()) / 1e9;
    std::printf(
        "playback 1x, all panels: %.1f panel frames/s, %.1f video frames/s shown, cursor advanced %.2f s in %.2f s "
        "(target >= 25 fps)\n",
        frames / wall, videoFrames / wall, nsToSeconds(playback->cursor_ns() - cursorBefore), wall);
    std::printf("resident memory after review: %.0f MiB (target < 1024 MiB)\n", rssMiB());

    const double liveSeconds = p.value(liveOpt).toDouble();
    if (liveSeconds > 0) {
        // The causal live model (bundled lite-live.pt; without it an untrained model of the same
        // configuration, which costs the same time), then the centre model, each against the
        // simulator at 14 Hz.
        QString causal = PredictionController::bundledModelFile(QStringLiteral("lite-live.pt"));
        if (causal.isEmpty()) {
            model::ModelConfig config = model::PoseModel::load(model.toStdString()).config();
            config.label = model::LabelPosition::Last;
            causal = QString::fromStdString((data / "causal-untrained.pt").string());
            model::PoseModel(config).save(causal.toStdString());
            std::printf("no bundled lite-live.pt: timing an untrained causal model of the same configuration\n");
        }
        win.prediction()->setModelFile(model);
        win.live()->setCliProgram(QStringLiteral(INSOLEPOSE_CLI));
        for (const QString& liveModel : {causal, model})
            if (!runLive(win, liveModel, liveSeconds))
                return 1;
    }
    return 0;
}
