// The pose model: shapes and sizes of the paper configuration, soft-argmax, the fast batch-1
// path against the straightforward one, files, bad input, and one forward pass checked against
// an independent PyTorch implementation (tests/reference_model.py) through exported weights.
#include "insolepose/Error.h"
#include "insolepose/Json.h"
#include "insolepose/Npy.h"
#include "insolepose/SessionReader.h"
#include "insolepose/model/InferenceWorker.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/model/ThreadChooser.h"
#include "insolepose/model/Training.h"

#include <QSignalSpy>

#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <set>
#include <thread>

using namespace insolepose;
using namespace insolepose::model;

namespace {
std::vector<float> randomWindows(const ModelConfig& c, std::size_t n, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    std::vector<float> v(n * 2 * std::size_t(c.window * c.inputRows * c.inputCols));
    for (float& x : v)
        x = u(rng) < 0.6f ? 0.0f : u(rng); // sparse like pressure
    return v;
}

const std::filesystem::path kDemoModel = INSOLEPOSE_SOURCE_DIR "/resources/models/lite-demo.pt";

/// Every `step`-th ground-truth window of the bundled demo session, filled.
std::vector<float> demoSessionWindows(const Session& session, const ModelConfig& c, std::size_t step,
                                      std::size_t& count, std::vector<WindowRef>* refs = nullptr)
{
    WindowSource source(c);
    const auto all = source.groundTruthWindows(source.addSession(session));
    std::vector<float> v;
    count = 0;
    for (std::size_t i = 0; i < all.size(); i += step, ++count) {
        v.resize((count + 1) * source.windowValues());
        source.fill(all[i], std::span<float>(v).subspan(count * source.windowValues()));
        if (refs)
            refs->push_back(all[i]);
    }
    return v;
}

float worstDifference(const std::vector<float>& a, const std::vector<float>& b)
{
    float worst = 0.0f;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

/// Sets an environment variable for one scope.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : m_name(name) { qputenv(name, value); }
    ~ScopedEnv() { qunsetenv(m_name); }

private:
    const char* m_name;
};
} // namespace

class TestModel : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase() { PoseModel::setThreads(2); }

    void paperConfigurationMatchesTheLayerTable()
    {
        const PoseModel m(ModelConfig::paper(), 3);
        qInfo("paper model: %lld parameters, encoders %lld", (long long)m.parameterCount(),
              (long long)m.encoderParameterCount());
        QVERIFY(std::abs(m.encoderParameterCount() - 800'000) < 10'000); // ~0.80 M
        QVERIFY(std::abs(m.parameterCount() - m.encoderParameterCount() - 6'260'000) < 30'000); // ~6.26 M
        const auto w = randomWindows(m.config(), 1, 1);
        const ModelOutput out = m.predict(w, 1, true, true);
        QCOMPARE(out.heatmapShape, (std::array<int, 3>{20, 20, 18}));
        QCOMPARE(out.heatmaps.size(), std::size_t(19 * 20 * 20 * 18));
        for (float h : out.heatmaps)
            QVERIFY(h >= 0.0f && h <= 1.0f);
        for (const auto& k : out.keypoints[0]) {
            QVERIFY(k.x() >= -1.0f && k.x() <= 1.0f);
            QVERIFY(k.z() >= 0.0f && k.z() <= 2.0f);
        }
    }

    void fastPathAgreesWithTheStraightforwardOne()
    {
        for (const ModelConfig& c : {ModelConfig::paper(), ModelConfig::lite()}) {
            const PoseModel m(c, 5);
            const auto w = randomWindows(c, 1, 2);
            const ModelOutput a = m.predict(w, 1, false, true), b = m.predict(w, 1, true, true);
            float worst = 0.0f;
            for (std::size_t i = 0; i < a.heatmaps.size(); ++i)
                worst = std::max(worst, std::abs(a.heatmaps[i] - b.heatmaps[i]));
            const float kp = mpjpe(a.keypoints[0], b.keypoints[0]);
            qInfo("%s: fast vs straightforward: max heatmap difference %.3g, keypoints %.3g m", c.name.c_str(), worst,
                  kp);
            QVERIFY(worst <= 1e-5f);
            QVERIFY(kp <= 1e-5f);
        }
        // Batches give the same answers as single windows.
        const PoseModel m(ModelConfig::lite(), 6);
        const auto w = randomWindows(m.config(), 3, 4);
        const ModelOutput batch = m.predict(w, 3, false);
        const std::size_t per = w.size() / 3;
        const ModelOutput one = m.predict(std::span<const float>(w).subspan(2 * per, per), 1, true);
        QVERIFY(mpjpe(batch.keypoints[2], one.keypoints[0]) < 1e-5f);
    }

    void forwardMatchesAnIndependentPyTorchModel()
    {
        const PoseModel m(ModelConfig::paper(), 9);
        const auto w = randomWindows(m.config(), 2, 7);
        const ModelOutput out = m.predict(w, 2, true);
        const QString npz = m_tmp.filePath("w.npz"), input = m_tmp.filePath("in.npy"),
                      result = m_tmp.filePath("out.npy"), config = m_tmp.filePath("config.json");
        m.exportNpz(npz.toStdString());
        writeNpy(input.toStdString(), DType::F32, {2, 2, 40, 30, 22}, w.data());
        writeJsonAtomically(config.toStdString(), m.config().toJson());
        QProcess py;
        py.start(QStringLiteral(INSOLEPOSE_NUMPY_PYTHON),
                 {QStringLiteral(INSOLEPOSE_SOURCE_DIR "/tests/reference_model.py"), npz, config, input, result});
        QVERIFY(py.waitForFinished(120000));
        const QString log = QString::fromUtf8(py.readAllStandardOutput() + py.readAllStandardError());
        QVERIFY2(py.exitCode() == 0, qPrintable(log));
        const NpyArray ref = NpyArray::open(result.toStdString());
        ref.expect(DType::F32, {19, 3});
        const auto v = ref.values<float>();
        float worst = 0.0f;
        for (std::size_t n = 0; n < 2; ++n)
            for (std::size_t k = 0; k < kKeypointCount; ++k)
                for (int a = 0; a < 3; ++a)
                    worst = std::max(worst, std::abs(v[(n * 19 + k) * 3 + std::size_t(a)] - out.keypoints[n][k][a]));
        qInfo("C++ vs PyTorch reference: max keypoint difference %.3g m", worst);
        QVERIFY(worst < 1e-4f);
    }

    void saveLoadAndBadFiles()
    {
        const PoseModel m(ModelConfig::lite(), 11);
        const std::filesystem::path file = m_tmp.filePath("lite.pt").toStdString();
        m.save(file, QJsonObject{{"note", "test"}});
        const PoseModel back = PoseModel::load(file);
        QCOMPARE(back.metadata()["note"].toString(), QStringLiteral("test"));
        const auto w = randomWindows(m.config(), 1, 3);
        QVERIFY(mpjpe(m.predict(w, 1).keypoints[0], back.predict(w, 1).keypoints[0]) < 1e-7f);

        // A sidecar whose config does not match the weights.
        const std::filesystem::path other = m_tmp.filePath("other.pt").toStdString();
        std::filesystem::copy_file(file, other);
        QJsonObject side = readJsonObject(file.string() + ".json");
        side["config"] = ModelConfig::paper().toJson();
        writeJsonAtomically(other.string() + ".json", side);
        try {
            PoseModel::load(other);
            QFAIL("expected an error");
        } catch (const FormatError& e) {
            QVERIFY2(QString(e.what()).contains("do not match"), e.what());
        }
        // Corrupt weights.
        const std::filesystem::path corrupt = m_tmp.filePath("corrupt.pt").toStdString();
        {
            std::ofstream f(corrupt, std::ios::binary);
            f << "definitely not a model";
        }
        std::filesystem::copy_file(file.string() + ".json", corrupt.string() + ".json");
        QVERIFY_THROWS_EXCEPTION(FormatError, PoseModel::load(corrupt));
        // No sidecar.
        std::filesystem::remove(corrupt.string() + ".json");
        QVERIFY_THROWS_EXCEPTION(FormatError, PoseModel::load(corrupt));
        QVERIFY_THROWS_EXCEPTION(IoError, PoseModel::load(m_tmp.filePath("missing.pt").toStdString()));
    }

    void badInputIsRejected()
    {
        const PoseModel m(ModelConfig::lite(), 1);
        auto w = randomWindows(m.config(), 1, 1);
        QVERIFY_THROWS_EXCEPTION(Error, m.predict(std::span<const float>(w).first(100), 1));
        w[17] = std::nanf("");
        try {
            m.predict(w, 1);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("NaN"));
        }
    }

    /// Inputs are normalised pressure: 3e38 (which made every keypoint NaN), raw ADC counts,
    /// negative values and infinities are refused, naming where the value is; 0 and 1 are fine.
    void outOfRangeInputIsRefused()
    {
        const PoseModel m(ModelConfig::lite(), 1);
        const auto w = randomWindows(m.config(), 2, 1);
        const std::size_t per = w.size() / 2;
        const std::size_t at = per + ((std::size_t(40 + 5) * 30 + 3) * 22 + 4); // window 1, right, frame 5, (3, 4)
        for (const float bad : {3e38f, 3000.0f, -1.0f, std::numeric_limits<float>::infinity()}) {
            auto v = w;
            v[at] = bad;
            try {
                const ModelOutput out = m.predict(v, 2);
                QFAIL(qPrintable(
                    QStringLiteral("accepted %1; first keypoint x %2").arg(bad).arg(out.keypoints[1][0].x())));
            } catch (const Error& e) {
                QVERIFY2(QString(e.what()).contains("window 1, right foot, frame 5, taxel (3, 4)"), e.what());
                QVERIFY2(QString(e.what()).contains("[0, 1]"), e.what());
            }
        }
        auto edges = w;
        edges[0] = 0.0f;
        edges[1] = 1.0f;
        edges[2] = 1.0f + PoseModel::kInputTolerance / 2; // rounding from another tool
        for (const Pose& pose : m.predict(edges, 2).keypoints)
            for (const auto& k : pose)
                QVERIFY(k.allFinite());
    }

    /// The sidecar records the SHA-256 of the weights: one flipped byte is refused, naming the
    /// file. Without the checksum the same flipped file loads (so the byte was in the weights).
    void flippedWeightBytesAreRefused()
    {
        const PoseModel m(ModelConfig::lite(), 12);
        const std::filesystem::path file = m_tmp.filePath("flipped.pt").toStdString();
        m.save(file);
        QJsonObject side = readJsonObject(file.string() + ".json");
        QCOMPARE(side["weights_sha256"].toString().toStdString(), PoseModel::fileSha256(file));
        QCOMPARE(side["weights_sha256"].toString().size(), 64);
        std::string bytes;
        {
            std::ifstream in(file, std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), {});
        }
        bytes[bytes.size() * 6 / 10] ^= 0x01;
        {
            std::ofstream f(file, std::ios::binary | std::ios::trunc);
            f.write(bytes.data(), std::streamsize(bytes.size()));
        }
        try {
            PoseModel::load(file);
            QFAIL("a flipped byte was loaded");
        } catch (const FormatError& e) {
            QVERIFY2(QString(e.what()).contains(QString::fromStdString(file.string())), e.what());
            QVERIFY2(QString(e.what()).contains("SHA-256"), e.what());
        }
        // A sidecar from before checksums: loads with a warning (nothing to check it against).
        side.remove("weights_sha256");
        writeJsonAtomically(file.string() + ".json", side);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("has no weights_sha256"));
        const PoseModel unchecked = PoseModel::load(file);
        QCOMPARE(unchecked.parameterCount(), m.parameterCount());
        // Saving again records the checksum of what is written.
        unchecked.save(file);
        QCOMPARE(readJsonObject(file.string() + ".json")["weights_sha256"].toString().toStdString(),
                 PoseModel::fileSha256(file));
        QCOMPARE(PoseModel::load(file).parameterCount(), m.parameterCount());
        // The bundled demo model carries its checksum, and it matches.
        const std::filesystem::path demo = INSOLEPOSE_SOURCE_DIR "/resources/models/lite-demo.pt";
        QCOMPARE(PoseModel::load(demo).metadata()["weights_sha256"].toString().toStdString(),
                 PoseModel::fileSha256(demo));
    }

    void threadsAreClamped()
    {
        const int before = PoseModel::threads();
        PoseModel::setThreads(100000); // took minutes to spin up before the clamp
        QVERIFY(PoseModel::threads() <= PoseModel::maxThreads());
        QVERIFY(PoseModel::maxThreads() <= 256);
        PoseModel::setThreads(before);
        QCOMPARE(PoseModel::threads(), before);
    }

    void liveWorkerRunsTheNewestWindow()
    {
        auto m = std::make_shared<const PoseModel>(ModelConfig::lite(), 2);
        InferenceWorker worker(m, 2);
        QSignalSpy results(&worker, &InferenceWorker::resultReady);
        worker.start();
        const auto w = randomWindows(m->config(), 1, 8);
        // A burst of windows: the worker may skip stale ones but always answers the newest.
        for (int i = 1; i <= 20; ++i)
            worker.submit(w, TimeNs(i) * 1000);
        QTRY_VERIFY_WITH_TIMEOUT(
            !results.isEmpty() && results.last().at(0).value<InferenceResult>().frameTime_ns == 20000, 10000);
        worker.stop();
        QCOMPARE(worker.completed() + worker.superseded(), std::uint64_t(20));
        const auto r = results.last().at(0).value<InferenceResult>();
        QVERIFY(r.latency_ms >= r.compute_ms);
        QVERIFY(mpjpe(r.keypoints, m->predict(w, 1).keypoints[0]) < 1e-6f);
        // Bad input is reported, not thrown across threads.
        QSignalSpy errors(&worker, &InferenceWorker::errorOccurred);
        worker.start();
        worker.submit(std::vector<float>(10, 0.0f), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 5000);
        worker.stop();
    }

    /// The inference plan folds trained batch-norm statistics, skips the slices between D3's blocks
    /// and collapses D1: on the trained demo model and real session windows it must still equal the
    /// modules as trained, one window at a time and in a batch.
    void fastPathAgreesOnTheTrainedDemoModel()
    {
        const PoseModel m = PoseModel::load(kDemoModel);
        const Session session = openSession(INSOLEPOSE_SOURCE_DIR "/resources/demo-session");
        std::size_t count = 0;
        const auto w = demoSessionWindows(session, m.config(), 97, count);
        QVERIFY(count >= 4);
        const ModelOutput slow = m.predict(w, count, false, true), fast = m.predict(w, count, true, true);
        const float heat = worstDifference(slow.heatmaps, fast.heatmaps);
        float kp = 0.0f;
        for (std::size_t i = 0; i < count; ++i)
            kp = std::max(kp, mpjpe(slow.keypoints[i], fast.keypoints[i]));
        qInfo("demo model, %zu session windows: max heatmap difference %.3g, keypoints %.3g m", count, heat, kp);
        QVERIFY(heat <= 1e-5f);
        QVERIFY(kp <= 1e-5f);
        const std::size_t per = w.size() / count;
        const ModelOutput one = m.predict(std::span<const float>(w).subspan(per, per), 1, true);
        QVERIFY(mpjpe(one.keypoints[0], fast.keypoints[1]) < 1e-5f);
    }

    /// Training steps change the weights in place: the next fast-path call must not use the plan
    /// built from the old ones.
    void fastPathFollowsTrainingSteps()
    {
        PoseModel m(ModelConfig::lite(), 4);
        const Session session = openSession(INSOLEPOSE_SOURCE_DIR "/resources/demo-session");
        std::size_t count = 0;
        std::vector<WindowRef> refs;
        const auto w = demoSessionWindows(session, m.config(), 53, count, &refs);
        const ModelOutput before = m.predict(w, count, true);
        WindowSource source(m.config());
        source.addSession(session);
        TrainOptions o;
        o.batch = 4;
        o.learningRate = 1e-2;
        o.maxWindowsPerEpoch = 8;
        Trainer trainer(m, source, o);
        trainer.runEpoch(0, refs, {});
        const ModelOutput slow = m.predict(w, count, false), fast = m.predict(w, count, true);
        QVERIFY(mpjpe(before.keypoints[0], fast.keypoints[0]) > 1e-4f); // the weights did change
        for (std::size_t i = 0; i < count; ++i)
            QVERIFY(mpjpe(slow.keypoints[i], fast.keypoints[i]) < 1e-5f);
    }

    /// bfloat16 on the demo model and real session windows: within 0.5 cm of float32 for every
    /// window and 0.1 cm on average (docs/MODEL.md, "Inference speed"). Where the CPU lacks
    /// bfloat16 the same call must be refused instead.
    void bfloat16StaysCloseToFloat32()
    {
        const PoseModel m = PoseModel::load(kDemoModel);
        const Session session = openSession(INSOLEPOSE_SOURCE_DIR "/resources/demo-session");
        std::size_t count = 0;
        const auto w = demoSessionWindows(session, m.config(), 23, count);
        PredictOptions bf;
        bf.precision = Precision::BFloat16;
        if (!PoseModel::bf16Supported()) {
            QVERIFY_THROWS_EXCEPTION(Error, m.predict(w, count, bf));
            return;
        }
        const ModelOutput a = m.predict(w, count, PredictOptions{}), b = m.predict(w, count, bf);
        double mean = 0.0, worst = 0.0;
        for (std::size_t i = 0; i < count; ++i) {
            const double cm = 100.0 * mpjpe(a.keypoints[i], b.keypoints[i]);
            mean += cm / double(count);
            worst = std::max(worst, cm);
        }
        qInfo("demo model, %zu session windows: bfloat16 vs float32 %.4f cm mean, %.4f cm max", count, mean, worst);
        QVERIFY(mean > 0.0); // it did run in another precision
        QVERIFY(mean < kBf16TargetCm);
        QVERIFY(worst < 0.5);
        // bfloat16 needs the fast path.
        bf.fastPath = false;
        QVERIFY_THROWS_EXCEPTION(Error, m.predict(w, count, bf));
        // The live worker runs it too.
        auto shared = std::make_shared<const PoseModel>(PoseModel::load(kDemoModel));
        InferenceWorker worker(shared, 2);
        worker.setPrecision(Precision::BFloat16);
        QSignalSpy results(&worker, &InferenceWorker::resultReady);
        worker.start();
        worker.submit(std::vector<float>(w.begin(), w.begin() + std::ptrdiff_t(w.size() / count)), 7);
        QTRY_VERIFY_WITH_TIMEOUT(!results.isEmpty(), 10000);
        worker.stop();
        const auto r = results.last().at(0).value<InferenceResult>();
        QCOMPARE(r.precision, Precision::BFloat16);
        QVERIFY(mpjpe(r.keypoints, b.keypoints[0]) < 1e-6f);
    }

    /// The refusal, tried on any CPU through INSOLEPOSE_NO_BF16: predict, the live worker and the
    /// live precision choice all say which instruction sets are missing; float32 still runs.
    void bfloat16IsRefusedWithoutTheInstructions()
    {
        const PoseModel m(ModelConfig::lite(), 2);
        const auto w = randomWindows(m.config(), 1, 3);
        const ScopedEnv noBf16("INSOLEPOSE_NO_BF16", "1");
        QVERIFY(!PoseModel::bf16Supported());
        PredictOptions bf;
        bf.precision = Precision::BFloat16;
        try {
            m.predict(w, 1, bf);
            QFAIL("bfloat16 ran without the instructions");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("AVX-512 BF16 (avx512_bf16)"), e.what());
            QVERIFY2(QString(e.what()).contains("AMX-BF16 (amx_bf16)"), e.what());
        }
        InferenceWorker worker(std::make_shared<const PoseModel>(ModelConfig::lite(), 2));
        QVERIFY_THROWS_EXCEPTION(Error, worker.setPrecision(Precision::BFloat16));
        QCOMPARE(worker.precision(), Precision::Float32);
        const PrecisionChoice choice = livePrecisionFor(m, w, 1, 2);
        QCOMPARE(choice.precision, Precision::Float32);
        QCOMPARE(choice.bfloat16_ms, 0.0);
        QVERIFY2(QString::fromStdString(choice.reason).contains("no native bfloat16"), choice.reason.c_str());
        QCOMPARE(m.predict(w, 1, PredictOptions{}).keypoints.size(), std::size_t(1));
    }

    /// livePrecisionFor's answer follows its stated rule from the figures it measured.
    void livePrecisionFollowsItsRule()
    {
        const PoseModel m = PoseModel::load(kDemoModel);
        const PrecisionChoice c = livePrecisionFor(m, {}, 0, 3);
        qInfo("live precision for the demo model: %s (%s)", precisionName(c.precision), c.reason.c_str());
        QVERIFY(c.float32_ms > 0.0);
        QVERIFY(!c.reason.empty());
        QCOMPARE(c.bfloat16_ms > 0.0, PoseModel::bf16Supported());
        const bool meets = PoseModel::bf16Supported() && c.bfloat16_ms <= kBf16TargetMs &&
                           c.bfloat16_ms < c.float32_ms && c.difference_cm < kBf16TargetCm;
        QCOMPARE(c.precision == Precision::BFloat16, meets);
    }

    /// The thread chooser: tries both counts, keeps the faster, notices a change of load within a
    /// few calls, and runs the slower count on fewer than 5 % of the calls (fewer still while it
    /// stays slower: the tries back off).
    void threadChooserKeepsTheFasterCount()
    {
        ThreadChooser chooser;
        QCOMPARE(chooser.next(1), 1);
        int others = 0; // counts other than 1 and 2
        auto run = [&](int calls, double oneMs, double allMs) {
            int onAll = 0;
            for (int i = 0; i < calls; ++i) {
                const int t = chooser.next(2);
                others += t != 1 && t != 2;
                chooser.record(t, t == 2 ? allMs : oneMs);
                onAll += t == 2;
            }
            return onAll;
        };
        run(2 * int(ThreadChooser::kWarmUp), 18.0, 10.0); // warm-up: both counts
        QCOMPARE(chooser.recentMedianMs(false), 18.0);
        QCOMPARE(chooser.recentMedianMs(true), 10.0);
        const int quiet = run(320, 18.0, 10.0);
        QVERIFY2(quiet >= 320 - 320 / 20, qPrintable(QString::number(quiet))); // mostly on both threads
        // Another program takes a core: all threads now take 60 ms.
        int switchedAfter = 0;
        for (int i = 0; i < 10 && chooser.next(2) == 2; ++i) {
            chooser.record(2, 60.0);
            ++switchedAfter;
        }
        QVERIFY2(switchedAfter <= 3, qPrintable(QString::number(switchedAfter)));
        const int busy = run(320, 19.0, 60.0);
        QVERIFY2(busy <= 4, qPrintable(QString::number(busy))); // one thread, bar the rare tries
        QVERIFY(busy >= 1); // but it does try
        // The core is free again: back to both threads after a few tries.
        run(ThreadChooser::kExploreMax + 8, 18.0, 10.0);
        QVERIFY(run(64, 18.0, 10.0) >= 60);
        QCOMPARE(others, 0);
    }

    /// Adaptive threads change how a forward runs, never its answer.
    void adaptiveThreadsKeepTheAnswer()
    {
        const PoseModel m(ModelConfig::lite(), 8);
        const auto w = randomWindows(m.config(), 1, 5);
        const ModelOutput fixed = m.predict(w, 1, true);
        PredictOptions o;
        o.adaptiveThreads = true;
        std::set<int> used;
        for (int i = 0; i < 8; ++i) {
            const ModelOutput a = m.predict(w, 1, o);
            used.insert(a.threads);
            QVERIFY(mpjpe(a.keypoints[0], fixed.keypoints[0]) < 1e-6f);
        }
        QCOMPARE(PoseModel::threads(), 2); // restored after each call
        QVERIFY(used.count(1) == 1); // the warm-up tries one thread...
        QVERIFY(std::thread::hardware_concurrency() < 2 || used.count(2) == 1); // ...and both
    }

    void configFiles()
    {
        ModelConfig c = ModelConfig::lite();
        c.window = 20;
        c.label = LabelPosition::Last;
        const ModelConfig back = ModelConfig::fromJson(c.toJson());
        QCOMPARE(back.window, 20);
        QCOMPARE(back.labelIndex(), 19);
        QCOMPARE(ModelConfig::paper().labelIndex(), 20);
        QJsonObject bad = c.toJson();
        bad["encoder_channels"] = QJsonArray{1, 2};
        QVERIFY_THROWS_EXCEPTION(FormatError, ModelConfig::fromJson(bad));
        QVERIFY_THROWS_EXCEPTION(Error, ModelConfig::byName("no-such-config"));
    }
};

QTEST_GUILESS_MAIN(TestModel)
#include "test_model.moc"
