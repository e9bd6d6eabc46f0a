// Live mode without a GUI (core/live): which frame a live prediction describes and the model's lag,
// with the centre model (lite-demo) and the causal one (lite-live) against a real simulator over
// TCP; PosePlacer with known poses; several pairs of insoles at once (LiveGroup).
#include "TestUtil.h"
#include "helpers/Simulators.h"
#include "insolepose/SessionReader.h"
#include "insolepose/live/LiveGroup.h"
#include "insolepose/live/LiveSession.h"
#include "insolepose/live/PosePlacer.h"
#include "insolepose/model/InferenceWorker.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/model/ThreadChooser.h"

#include <QSignalSpy>
#include <QTest>

#include <Eigen/Geometry>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <utility>

using namespace insolepose;
using live::LiveGroup;
using live::LiveSession;
using live::PosePlacer;

namespace {

const QString kCli = QStringLiteral(INSOLEPOSE_CLI);

std::shared_ptr<const model::PoseModel> bundledModel(const char* name)
{
    return std::make_shared<const model::PoseModel>(model::PoseModel::load(
        std::filesystem::path(INSOLEPOSE_SOURCE_DIR) / "resources" / "models" / (std::string(name) + ".pt")));
}

/// A normalised pose: pelvis x-y at the origin, shoulders on +x, every keypoint at its own height.
Pose standingPose()
{
    Pose p = test::patternPose(0);
    p[int(Keypoint::LeftShoulder)] = {-0.2f, 0.0f, 1.4f};
    p[int(Keypoint::RightShoulder)] = {0.2f, 0.0f, 1.4f};
    p[int(Keypoint::LeftHip)] = {-0.1f, 0.0f, 0.9f};
    p[int(Keypoint::RightHip)] = {0.1f, 0.0f, 0.9f};
    return p;
}

Pose shifted(Pose p, const Eigen::Vector3f& by)
{
    for (auto& k : p)
        k += by;
    return p;
}

/// `count` seeded windows of normalised pressure for `model`, most taxels unloaded (like live frames).
std::vector<std::vector<float>> randomWindows(const model::PoseModel& model, std::size_t count, unsigned seed)
{
    const model::ModelConfig& c = model.config();
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    std::vector<std::vector<float>> windows(count,
                                            std::vector<float>(std::size_t(2 * c.window * c.inputRows * c.inputCols)));
    for (auto& w : windows)
        for (float& v : w)
            v = u(rng) < 0.6f ? 0.0f : u(rng);
    return windows;
}

/// The largest coordinate difference between two poses (metres).
float maxDifference(const Pose& a, const Pose& b)
{
    float d = 0.0f;
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        d = std::max(d, (a[k] - b[k]).cwiseAbs().maxCoeff());
    return d;
}

/// The precisions this CPU runs.
std::vector<model::Precision> runnablePrecisions()
{
    std::vector<model::Precision> p{model::Precision::Float32};
    if (model::PoseModel::bf16Supported())
        p.push_back(model::Precision::BFloat16);
    return p;
}

/// Follows one live session: every left-foot frame's arrival time, in order, and the predictions
/// with the arrival time of the newest frame of their window.
struct LiveLog {
    std::vector<TimeNs> leftTimes;
    std::vector<std::pair<model::InferenceResult, TimeNs>> predictions;

    /// Whether the window of a prediction for the left frame at `frameTime_ns` ended `lag` left
    /// frames later: that frame arrived no later than the window's newest frame (either foot) at
    /// `newestArrival_ns`, and the next left frame only after it (else it would be in the window).
    bool windowEndsAfter(TimeNs frameTime_ns, TimeNs newestArrival_ns, int lag) const
    {
        const auto at = std::find(leftTimes.begin(), leftTimes.end(), frameTime_ns);
        if (at == leftTimes.end())
            return false;
        const auto newest = std::size_t(at - leftTimes.begin()) + std::size_t(lag);
        return newest < leftTimes.size() && leftTimes[newest] <= newestArrival_ns &&
               (newest + 1 == leftTimes.size() || newestArrival_ns < leftTimes[newest + 1]);
    }

    void follow(LiveSession& s)
    {
        QObject::connect(&s, &LiveSession::framesArrived, &s, [this, &s] {
            for (const TactileFrame& f : s.recentFrames(Foot::Left))
                if (leftTimes.empty() || f.hostTime_ns > leftTimes.back())
                    leftTimes.push_back(f.hostTime_ns);
        });
        QObject::connect(&s, &LiveSession::predictionReady, &s,
                         [this](const model::InferenceResult& r, qint64 t) { predictions.emplace_back(r, t); });
    }
};

} // namespace

class TestLive : public QObject {
    Q_OBJECT

private:
    /// Streams the simulator into a LiveSession with `modelName` and checks that every prediction
    /// describes the frame `lag` frames before the newest frame of its window.
    void checkPredictedFrame(const char* modelName, int expectedLag)
    {
        const quint16 port = test::freeLocalPort();
        QVERIFY(port != 0);
        LiveSession live;
        LiveLog log;
        log.follow(live);
        const auto model = bundledModel(modelName);
        QCOMPARE(model->config().window - 1 - model->config().labelIndex(), expectedLag);
        live.setModel(model, 1);
        QCOMPARE(live.lagFrames(), expectedLag);
        QVERIFY2(live.connectSource(test::tcpSourceUrl(port)), qPrintable(live.lastError()));
        auto sim = test::startSimulator(kCli, port, 14.0, 5);
        QTRY_VERIFY_WITH_TIMEOUT(log.predictions.size() >= 6, 40000);
        // The precision probe has decided by now, and the worker runs what it decided.
        QTRY_VERIFY_WITH_TIMEOUT(!live.precisionNote().isEmpty(), 20000);
        QVERIFY2(live.precisionNote().endsWith(": float32") || live.precisionNote().startsWith("bfloat16: "),
                 qPrintable(live.precisionNote()));
        test::stopSimulator(*sim);
        const live::LiveStats stats = live.stats();
        live.disconnectSource();

        QCOMPARE(stats.lagFrames, expectedLag);
        QVERIFY2(std::abs(stats.sourceRate_hz - 14.0) < 1.5, qPrintable(QString::number(stats.sourceRate_hz)));
        QCOMPARE(stats.lag_s, expectedLag / stats.sourceRate_hz);
        // One prediction per step of the pair: no label frame twice.
        std::set<TimeNs> labelFrames;
        for (const auto& p : log.predictions)
            labelFrames.insert(p.first.frameTime_ns);
        QCOMPARE(labelFrames.size(), log.predictions.size());
        for (const auto& [r, newestArrival_ns] : log.predictions)
            QVERIFY2(log.windowEndsAfter(r.frameTime_ns, newestArrival_ns, expectedLag),
                     "the prediction does not describe the frame `lag` frames before its window's newest frame");
        // The check tells one frame from the next: a lag one frame off fails it.
        for (const int wrong : {expectedLag - 1, expectedLag + 1})
            if (wrong >= 0)
                QVERIFY(std::none_of(log.predictions.begin(), log.predictions.end(), [&](const auto& p) {
                    return log.windowEndsAfter(p.first.frameTime_ns, p.second, wrong);
                }));
    }

private Q_SLOTS:
    void causalModelPredictsTheNewestFrame() { checkPredictedFrame("lite-live", 0); }
    void centreModelPredictsTheCentreFrame() { checkPredictedFrame("lite-demo", 19); }

    void lagIsZeroWithoutModel()
    {
        LiveSession live;
        QCOMPARE(live.lagFrames(), 0);
        QCOMPARE(live.sourceRate_hz(), 0.0);
        QCOMPARE(live.lag_s(), 0.0);
        live.setHistoryFrames(140);
        QCOMPARE(live.historyFrames(), std::size_t(140));
    }

    void placerPutsThePoseAtTheAnchorWithItsHeading()
    {
        PosePlacer placer(0.0);
        PoseNormalization anchor;
        anchor.pelvisXY = {1.5f, -2.0f};
        anchor.yaw_rad = -float(M_PI) / 2; // the person's shoulder line points along +y
        placer.setAnchor(anchor);
        const Pose placed = placer.place(standingPose(), 1'000'000'000);
        QVERIFY((pelvis(placed).head<2>() - anchor.pelvisXY).norm() < 1e-5f);
        QCOMPARE(pelvis(placed).z(), 0.9f); // heights are kept
        const Eigen::Vector3f shoulders = placed[int(Keypoint::RightShoulder)] - placed[int(Keypoint::LeftShoulder)];
        QVERIFY((shoulders.normalized() - Eigen::Vector3f::UnitY()).norm() < 1e-5f);
        // The heading is held: the same normalised pose later lands on the same spot.
        const Pose again = placer.place(standingPose(), 2'000'000'000);
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            QVERIFY((again[k] - placed[k]).norm() < 1e-6f);
        // Without an anchor the pose stays where the model put it.
        PosePlacer origin(0.0);
        const Pose atOrigin = origin.place(standingPose(), 0);
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            QVERIFY((atOrigin[k] - standingPose()[k]).norm() < 1e-6f);
    }

    void anchorFromSessionPutsTheFirstPoseBackWhereItWas()
    {
        const Session s = SessionReader::open(INSOLEPOSE_DEMO_SESSION);
        const auto anchor = PosePlacer::anchorFromSession(s);
        QVERIFY(anchor.has_value());
        std::size_t first = 0;
        while (!s.groundTruth().isValid(first))
            ++first;
        const Pose world = s.groundTruth().pose(first);
        PosePlacer placer(0.0);
        placer.setAnchor(*anchor);
        const Pose placed = placer.place(normalizePose(world), 0);
        QVERIFY2(mpjpe(placed, world) < 1e-5f, qPrintable(QString::number(mpjpe(placed, world))));
        // A session without ground truth has no anchor: the fixed origin is used.
        QVERIFY(!PosePlacer::anchorFromSession(Session()).has_value());
    }

    void placerSmoothsWithAFirstOrderFilter()
    {
        const double tau = 0.1, dt = 1.0 / 14.0;
        PosePlacer placer(tau);
        const Pose a = standingPose();
        const Pose b = shifted(a, {0.0f, 0.3f, 0.0f});
        placer.place(a, 0);
        const TimeNs t1 = secondsToNs(dt);
        const Pose step = placer.place(b, t1);
        const float alpha = float(1 - std::exp(-dt / tau));
        QVERIFY(std::abs(pelvis(step).y() - alpha * 0.3f) < 1e-5f);
        // A frame that is not newer changes nothing.
        QVERIFY((pelvis(placer.place(a, t1)) - pelvis(step)).norm() < 1e-7f);
        // A pose moving at constant speed is followed lag_s() behind.
        const float speed = 0.5f; // m/s along y
        TimeNs t = t1;
        Pose out;
        for (int i = 2; i < 60; ++i) {
            t = secondsToNs(i * dt);
            out = placer.place(shifted(a, {0.0f, speed * float(i * dt), 0.0f}), t);
        }
        const double lag = PosePlacer::lag_s(tau, dt);
        QVERIFY(std::abs(placer.lag_s() - lag) < 1e-9);
        QVERIFY(lag > 0.06 && lag < tau);
        QVERIFY2(std::abs(pelvis(out).y() - speed * float(59 * dt - lag)) < 1e-4f, qPrintable(QString::number(lag)));
        // A gap longer than kRestartGap_s restarts the filter at the new pose.
        const Pose far = shifted(a, {2.0f, 0.0f, 0.0f});
        const Pose restarted = placer.place(far, t + secondsToNs(PosePlacer::kRestartGap_s + 0.5));
        QVERIFY(mpjpe(restarted, far) < 1e-6f);
        // A pose that is not finite is ignored.
        Pose broken = a;
        broken[3].x() = std::nanf("");
        QVERIFY(mpjpe(placer.place(broken, t + secondsToNs(3)), far) < 1e-6f);
        QCOMPARE(PosePlacer::lag_s(0.0, dt), 0.0);
    }

    void twoPairsGiveTwoPredictionStreams()
    {
        LiveGroup group;
        group.setModel(bundledModel("lite-live"), 1);
        PoseNormalization anchor;
        anchor.pelvisXY = {0.5f, 0.5f};
        group.setAnchor(anchor, 1.2);
        QCOMPARE(group.addPair(QStringLiteral("bogus://nowhere")), -1);
        QVERIFY(group.lastError().contains("bogus://nowhere"));
        std::vector<std::unique_ptr<QProcess>> sims;
        for (int i = 0; i < 2; ++i) {
            const quint16 port = test::freeLocalPort();
            QCOMPARE(group.addPair(test::tcpSourceUrl(port)), i);
            sims.push_back(test::startSimulator(kCli, port, 14.0, 20 + i));
        }
        QCOMPARE(group.pairCount(), 2);
        std::map<int, std::vector<TimeNs>> times;
        std::map<int, Pose> lastPlaced;
        connect(&group, &LiveGroup::predictionReady, this,
                [&](int pair, const model::InferenceResult& r, const Pose& placed, qint64) {
                    times[pair].push_back(r.frameTime_ns);
                    lastPlaced[pair] = placed;
                });
        QTRY_VERIFY_WITH_TIMEOUT(times[0].size() >= 5 && times[1].size() >= 5, 60000);
        for (auto& s : sims)
            test::stopSimulator(*s);
        QCOMPARE(times.size(), std::size_t(2));
        // Each stream is its own pair's frames, in order.
        for (const auto& [pair, t] : times) {
            QVERIFY(std::is_sorted(t.begin(), t.end()));
            QVERIFY(std::set<TimeNs>(t.begin(), t.end()).size() == t.size());
            QVERIFY(group.pair(pair)->stats().predictions >= t.size());
        }
        // Each skeleton stands at its own anchor: 1.2 m apart along the shoulder line (+x here).
        QVERIFY((group.anchorOf(1).pelvisXY - Eigen::Vector2f(1.7f, 0.5f)).norm() < 1e-6f);
        for (int pair = 0; pair < 2; ++pair) {
            const float off = (pelvis(lastPlaced[pair]).head<2>() - group.anchorOf(pair).pelvisXY).norm();
            QVERIFY2(off < 0.3f, qPrintable(QString::number(off)));
        }
        group.removePair(0);
        QCOMPARE(group.pairCount(), 1);
        QVERIFY((group.placer(0)->anchor().pelvisXY - anchor.pelvisXY).norm() < 1e-6f);
        QVERIFY(group.pair(1) == nullptr);
    }

    /// Removing a pair while its boards stream: the frames its session still polls on the way out
    /// never reach the group's signals (every index is a pair the group has), and the other pair
    /// keeps predicting under its new index.
    void removingAStreamingPairKeepsTheOther()
    {
        LiveGroup group;
        group.setModel(bundledModel("lite-live"), 1);
        std::vector<std::unique_ptr<QProcess>> sims;
        for (int i = 0; i < 2; ++i) {
            const quint16 port = test::freeLocalPort();
            QCOMPARE(group.addPair(test::tcpSourceUrl(port)), i);
            sims.push_back(test::startSimulator(kCli, port, 14.0, 40 + i));
        }
        std::vector<int> badIndices;
        std::map<int, int> predictions;
        auto check = [&](int pair) {
            if (pair < 0 || pair >= group.pairCount())
                badIndices.push_back(pair);
        };
        connect(&group, &LiveGroup::framesArrived, this, check);
        connect(&group, &LiveGroup::pairError, this, [&](int pair, const QString&) { check(pair); });
        connect(&group, &LiveGroup::predictionReady, this,
                [&](int pair, const model::InferenceResult&, const Pose&, qint64) {
                    check(pair);
                    ++predictions[pair];
                });
        QTRY_VERIFY_WITH_TIMEOUT(predictions[0] >= 3 && predictions[1] >= 3, 60000);
        const QString kept = group.pair(1)->url();
        group.removePair(0); // its boards are still sending
        QCOMPARE(group.pairCount(), 1);
        QCOMPARE(group.pair(0)->url(), kept);
        predictions.clear();
        QTRY_VERIFY_WITH_TIMEOUT(predictions[0] >= 3, 30000);
        QCOMPARE(predictions.size(), std::size_t(1));
        group.clear();
        QCOMPARE(group.pairCount(), 0);
        for (auto& s : sims)
            test::stopSimulator(*s);
        QVERIFY2(badIndices.empty(), qPrintable(QString::number(badIndices.empty() ? 0 : badIndices.front())));
    }

    /// The pairs of a LiveGroup share one model: their inference threads call predict() at the
    /// same time (docs/ARCHITECTURE.md, "Devices and threads"). Threads that come and go, each
    /// setting its own thread count, call it in both precisions, on the fast path with adaptive
    /// threads and on the reference path, while the live precision probe times the same model; every
    /// result must equal the one-thread result for the same window.
    void concurrentPredictionsOnOneModelMatchOneThread()
    {
        const auto model = bundledModel("lite-live");
        const auto windows = randomWindows(*model, 6, 7);
        const auto precisions = runnablePrecisions();
        // References on this thread, one call at a time: [path][precision][window].
        std::map<std::pair<bool, model::Precision>, std::vector<Pose>> reference;
        for (const bool fast : {true, false})
            for (const model::Precision p : precisions) {
                if (!fast && p != model::Precision::Float32)
                    continue; // bfloat16 runs on the fast path only
                model::PredictOptions o;
                o.fastPath = fast;
                o.precision = p;
                for (const auto& w : windows)
                    reference[{fast, p}].push_back(model->predict(w, 1, o).keypoints[0]);
            }
        constexpr int kThreads = 4, kCalls = 24, kRounds = 2;
        std::atomic<int> calls{0};
        std::vector<std::string> failures;
        std::mutex failuresMutex;
        for (int round = 0; round < kRounds; ++round) {
            std::vector<std::thread> threads;
            // The live precision probe: a model's first live session times it in both precisions.
            threads.emplace_back([&] {
                try {
                    model::livePrecisionFor(*model, {}, 0, 3);
                } catch (const std::exception& e) {
                    const std::lock_guard lock(failuresMutex);
                    failures.push_back(std::string("livePrecisionFor: ") + e.what());
                }
            });
            for (int t = 0; t < kThreads; ++t)
                threads.emplace_back([&, t] {
                    model::PoseModel::setThreads(1 + t % 2); // as each InferenceWorker's thread does
                    for (int i = 0; i < kCalls; ++i) {
                        const std::size_t w = std::size_t(t * 5 + i) % windows.size();
                        model::PredictOptions o;
                        o.fastPath = i % 8 != 7;
                        o.precision =
                            o.fastPath ? precisions[std::size_t(i) % precisions.size()] : model::Precision::Float32;
                        o.adaptiveThreads = i % 2 == 0;
                        try {
                            const Pose got = model->predict(windows[w], 1, o).keypoints[0];
                            const float d = maxDifference(got, reference.at({o.fastPath, o.precision})[w]);
                            ++calls;
                            if (!(d <= 1e-5f)) {
                                const std::lock_guard lock(failuresMutex);
                                failures.push_back("thread " + std::to_string(t) + ", window " + std::to_string(w) +
                                                   ", " + model::precisionName(o.precision) +
                                                   (o.fastPath ? "" : " (reference path)") + ": off by " +
                                                   std::to_string(d) + " m");
                            }
                        } catch (const std::exception& e) {
                            const std::lock_guard lock(failuresMutex);
                            failures.push_back("thread " + std::to_string(t) + ": " + e.what());
                        }
                    }
                });
            for (auto& t : threads)
                t.join();
        }
        QVERIFY2(failures.empty(), failures.empty() ? "" : failures.front().c_str());
        QCOMPARE(calls.load(), kRounds * kThreads * kCalls);
    }

    /// The pairs share their model's ThreadChooser, so one pair's call may come between another's
    /// next() and record(). A try of the slower count must still be recognised as a try, so the
    /// tries back off as they do for one caller (test_model) instead of costing every 32nd call.
    void sharedThreadChooserBacksOffWithInterleavedCalls()
    {
        model::ThreadChooser chooser;
        auto ms = [](int threads) { return threads == 2 ? 10.0 : 18.0; }; // all threads are faster
        for (std::size_t i = 0; i < 2 * model::ThreadChooser::kWarmUp; ++i) {
            const int t = chooser.next(2);
            chooser.record(t, ms(t));
        }
        int tries = 0;
        constexpr int kCalls = 2048;
        for (int i = 0; i < kCalls; i += 2) { // two pairs: next, next, record, record
            const int a = chooser.next(2), b = chooser.next(2);
            chooser.record(a, ms(a));
            chooser.record(b, ms(b));
            tries += (a == 1) + (b == 1);
        }
        // Backing off: tries after 32, 64, 128 and then every 256 calls, about 11 in 2048 (without
        // the back-off, 64).
        QVERIFY2(tries >= 1 && tries <= 16, qPrintable(QString::number(tries)));
        QCOMPARE(chooser.recentMedianMs(true), 10.0);
    }

    /// Four inference workers (a LiveGroup's pairs) on one model: each result is the one-thread
    /// prediction of the window it was submitted with, also while the precision changes under them.
    void inferenceWorkersOnOneModelKeepTheirWindows()
    {
        const auto model = bundledModel("lite-live");
        const auto windows = randomWindows(*model, 5, 11);
        const auto precisions = runnablePrecisions();
        std::map<model::Precision, std::vector<Pose>> reference;
        for (const model::Precision p : precisions) {
            model::PredictOptions o;
            o.precision = p;
            for (const auto& w : windows)
                reference[p].push_back(model->predict(w, 1, o).keypoints[0]);
        }
        constexpr int kWorkers = 4, kResults = 20;
        std::vector<std::unique_ptr<model::InferenceWorker>> workers;
        std::vector<int> results(kWorkers, 0);
        std::vector<std::string> failures;
        for (int i = 0; i < kWorkers; ++i) {
            workers.push_back(std::make_unique<model::InferenceWorker>(model, 2));
            model::InferenceWorker* worker = workers.back().get();
            connect(worker, &model::InferenceWorker::errorOccurred, this,
                    [&failures](const QString& m) { failures.push_back(m.toStdString()); });
            connect(
                worker, &model::InferenceWorker::resultReady, this, [&, i, worker](const model::InferenceResult& r) {
                    const auto w = std::size_t(r.frameTime_ns) % windows.size();
                    const float d = maxDifference(r.keypoints, reference.at(r.precision)[w]);
                    if (!(d <= 1e-5f))
                        failures.push_back("worker " + std::to_string(i) + ", window " + std::to_string(w) + ", " +
                                           model::precisionName(r.precision) + ": off by " + std::to_string(d) + " m");
                    if (++results[std::size_t(i)] < kResults) {
                        // The next window, in the other precision every third time.
                        if (results[std::size_t(i)] % 3 == 0)
                            worker->setPrecision(
                                precisions[std::size_t(results[std::size_t(i)] / 3) % precisions.size()]);
                        const TimeNs next = r.frameTime_ns + 1 + i;
                        worker->submit(windows[std::size_t(next) % windows.size()], next);
                    }
                });
            worker->start();
            worker->submit(windows[std::size_t(i) % windows.size()], i);
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(results.begin(), results.end(), [](int n) { return n >= kResults; }),
                                 120000);
        for (auto& w : workers)
            w->stop();
        QVERIFY2(failures.empty(), failures.empty() ? "" : failures.front().c_str());
    }
};

QTEST_GUILESS_MAIN(TestLive)
#include "test_live.moc"
