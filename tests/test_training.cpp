// Model data and training: windows from sessions, the resolution ablation, splits that never
// leak, training that lowers the error, Procrustes alignment, and the model commands.
#include "insolepose/SessionStore.h"
#include "insolepose/model/Training.h"
#include "insolepose/synth/SynthDataset.h"

#include <Eigen/Geometry>

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace insolepose;
using namespace insolepose::model;
namespace fs = std::filesystem;

namespace {
ModelConfig tinyConfig()
{
    ModelConfig c = ModelConfig::lite();
    c.name = "tiny";
    c.encoderChannels = {8, 8, 16, 16};
    c.decoderChannels = {16, 16, 16};
    return c;
}
} // namespace

class TestTraining : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    std::vector<std::unique_ptr<Session>> m_sessions;

private Q_SLOTS:
    void initTestCase()
    {
        PoseModel::setThreads(2);
        synth::SynthOptions o;
        o.subjects = 2;
        o.actions = {synth::Action::Squat, synth::Action::Walking};
        o.minutesPerAction = 0.6;
        o.video = false;
        synth::writeSynthDataset(m_tmp.filePath("data").toStdString(), o);
        for (const char* name : {"S01-squat", "S01-walking", "S02-squat", "S02-walking"})
            m_sessions.push_back(std::make_unique<Session>(openSession(fs::path(m_tmp.filePath("data").toStdString()) / name)));
    }

    void windowsComeStraightFromTheSession()
    {
        const ModelConfig c = ModelConfig::paper();
        WindowSource src(c);
        src.addSession(*m_sessions[0]);
        const auto windows = src.groundTruthWindows(0);
        QVERIFY(windows.size() > 500);
        const WindowRef& w = windows[100];
        std::vector<float> buf(src.windowValues());
        src.fill(w, buf);
        for (float v : buf)
            QVERIFY(v >= 0.0f && v <= 1.0f);
        // The label frame (index 20 of 40) of the right foot is that frame, normalised.
        const auto& right = m_sessions[0]->tactile(Foot::Right);
        const auto expected = m_sessions[0]->metadata().insoles[1].calibration.normalize(right.raw(w.labelFrame[1]));
        const std::size_t offset = (std::size_t(c.window) + 20) * 660;
        for (std::size_t i = 0; i < 660; ++i)
            QCOMPARE(buf[offset + i], expected[i]);
        // The label frame is the latest one at the ground-truth time, and the target is the
        // ground truth in the normalised frame.
        QVERIFY(right.timeAt(w.labelFrame[1]) <= w.time_ns);
        QVERIFY(mpjpe(src.target(w), normalizePose(m_sessions[0]->groundTruth().pose(w.gtIndex))) == 0.0f);
    }

    void resolutionAblationAveragesBlocks()
    {
        std::vector<float> f(30 * 22, 0.0f);
        f[0] = 1.0f; // one hot taxel in the top-left 2x2 block
        degradeResolution(f, 30, 22, 1);
        QCOMPARE(f[0], 0.25f);
        QCOMPARE(f[1], 0.25f);
        QCOMPARE(f[22], 0.25f);
        QCOMPARE(f[2], 0.0f);
        std::vector<float> g(30 * 22, 0.5f);
        degradeResolution(g, 30, 22, 3); // 30x22 -> 15x11 -> 8x6 -> 4x3 and back
        for (float v : g)
            QVERIFY(std::abs(v - 0.5f) < 1e-6f);
    }

    void splitsNeverShareAFrame()
    {
        const ModelConfig c = ModelConfig::paper();
        WindowSource src(c);
        for (const auto& s : m_sessions)
            src.addSession(*s);
        const Split split = splitByTimeBlocks(src);
        QVERIFY(!split.train.empty() && !split.validation.empty() && !split.test.empty());
        const double total = double(split.train.size() + split.validation.size() + split.test.size());
        // 60/20/20 by time, less a window-long gap before validation and test.
        QVERIFY(double(split.train.size()) / total > 0.55 && double(split.train.size()) / total < 0.8);
        for (std::size_t si = 0; si < src.sessionCount(); ++si)
            for (std::size_t foot = 0; foot < 2; ++foot) {
                auto range = [&](const std::vector<WindowRef>& ws, std::int64_t& lo, std::int64_t& hi) {
                    lo = 1 << 30, hi = -1;
                    for (const auto& w : ws)
                        if (w.session == si) {
                            lo = std::min<std::int64_t>(lo, std::int64_t(w.labelFrame[foot]) - c.labelIndex());
                            hi = std::max<std::int64_t>(hi, std::int64_t(w.labelFrame[foot]) + c.window - 1 - c.labelIndex());
                        }
                };
                std::int64_t tl, th, vl, vh, el, eh;
                range(split.train, tl, th);
                range(split.validation, vl, vh);
                range(split.test, el, eh);
                QVERIFY2(th < vl && vh < el, qPrintable(QString("session %1 foot %2: train ..%3, validation %4..%5, test %6..")
                                                            .arg(si).arg(foot).arg(th).arg(vl).arg(vh).arg(el)));
            }
        const Split held = splitHoldingOut(src, [](const Session& s) { return s.metadata().subjectId == "S02"; });
        for (const auto& w : held.test)
            QCOMPARE(src.session(w.session).metadata().subjectId, std::string("S02"));
        for (const auto& w : held.train)
            QCOMPARE(src.session(w.session).metadata().subjectId, std::string("S01"));
    }

    void trainingLowersTheError()
    {
        PoseModel model(tinyConfig(), 3);
        WindowSource src(model.config());
        for (const auto& s : m_sessions)
            src.addSession(*s);
        const Split split = splitByTimeBlocks(src);
        std::vector<WindowRef> val(split.validation.begin(), split.validation.begin() + std::min<std::size_t>(192, split.validation.size()));
        const double before = evaluate(model, src, val).mpjpe_cm;
        TrainOptions o;
        o.maxWindowsPerEpoch = 384;
        o.learningRate = 1e-3;
        Trainer trainer(model, src, o);
        double losses[3] = {};
        EpochReport r;
        for (int e = 0; e < 3; ++e) {
            r = trainer.runEpoch(e + 1, split.train, val);
            losses[e] = r.trainLoss;
        }
        qInfo("validation MPJPE %.1f cm -> %.1f cm; training loss %.2f -> %.2f -> %.2f", before, r.validationMpjpe_cm,
              losses[0], losses[1], losses[2]);
        QVERIFY(losses[2] < losses[0]);
        QVERIFY(r.validationMpjpe_cm < 0.8 * before);
        const Evaluation e = evaluate(model, src, val);
        QCOMPARE(e.perBodyPart_cm.size(), std::size_t(4));
        QVERIFY(e.perAction_cm.count("squat") || e.perAction_cm.count("walking"));
        QVERIFY(e.paMpjpe_cm <= e.mpjpe_cm);
    }

    void procrustesRemovesRotationScaleAndShift()
    {
        Pose p;
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            p[k] = Eigen::Vector3f(0.1f * float(k), 0.03f * float(k * k % 7), 0.05f * float(k % 5));
        const Eigen::Matrix3f r = Eigen::AngleAxisf(0.7f, Eigen::Vector3f(1, 2, 3).normalized()).toRotationMatrix();
        Pose q;
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            q[k] = 1.3f * (r * p[k]) + Eigen::Vector3f(0.4f, -1.0f, 2.0f);
        QVERIFY(mpjpe(q, p) > 0.5f);
        QVERIFY(procrustesMpjpe(q, p) < 1e-4f);
    }

    void modelCommands()
    {
        const QString cli = QStringLiteral(INSOLEPOSE_CLI);
        const QString dir = m_tmp.filePath("model");
        QProcess train;
        train.start(cli, {"train", "--data", m_tmp.filePath("data"), "--config", "lite", "--epochs", "0", "--out", dir});
        QVERIFY(train.waitForFinished(60000));
        QVERIFY2(train.exitCode() == 0, train.readAllStandardError().constData());
        const PoseModel m = PoseModel::load((dir + "/model.pt").toStdString());
        QCOMPARE(m.config().name, std::string("lite"));
        // One raw window in, (19, 3) keypoints out.
        WindowSource src(m.config());
        src.addSession(*m_sessions[1]);
        std::vector<float> buf(src.windowValues());
        src.fill(src.groundTruthWindows(0).at(50), buf);
        writeNpy(m_tmp.filePath("window.npy").toStdString(), DType::F32, {2, 40, 30, 22}, buf.data());
        QProcess predict;
        predict.start(cli, {"predict", "--model", dir + "/model.pt", "--input", m_tmp.filePath("window.npy"), "--out",
                            m_tmp.filePath("kp.npy")});
        QVERIFY(predict.waitForFinished(60000));
        QVERIFY2(predict.exitCode() == 0, predict.readAllStandardError().constData());
        const NpyArray kp = NpyArray::open(m_tmp.filePath("kp.npy").toStdString());
        kp.expect(DType::F32, {3});
        QCOMPARE(kp.rows(), std::size_t(19));
        const Pose expected = m.predict(buf, 1).keypoints[0];
        QVERIFY(std::abs(kp.values<float>()[3 * 4 + 1] - expected[4].y()) < 1e-6f);
        // A wrongly shaped window is refused with a message that says so.
        writeNpy(m_tmp.filePath("bad.npy").toStdString(), DType::F32, {2, 30, 30, 22}, buf.data());
        QProcess bad;
        bad.start(cli, {"predict", "--model", dir + "/model.pt", "--input", m_tmp.filePath("bad.npy"), "--out", m_tmp.filePath("x.npy")});
        QVERIFY(bad.waitForFinished(60000));
        QCOMPARE(bad.exitCode(), 1);
        QVERIFY(QString::fromUtf8(bad.readAllStandardError()).contains("expected float32 (2, 40, 30, 22)"));
    }
};

QTEST_GUILESS_MAIN(TestTraining)
#include "test_training.moc"
