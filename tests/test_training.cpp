// Model data and training: windows from sessions, the resolution ablation, splits that never
// leak, training that lowers the error, Procrustes alignment, and the model commands.
#include "insolepose/Error.h"
#include "insolepose/SessionReader.h"
#include "insolepose/media/Charts.h"
#include "insolepose/model/ActionProbe.h"
#include "insolepose/model/Training.h"
#include "insolepose/synth/SynthDataset.h"

#include <Eigen/Geometry>

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

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
            m_sessions.push_back(
                std::make_unique<Session>(openSession(fs::path(m_tmp.filePath("data").toStdString()) / name)));
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
                            hi = std::max<std::int64_t>(hi, std::int64_t(w.labelFrame[foot]) + c.window - 1 -
                                                                c.labelIndex());
                        }
                };
                std::int64_t tl, th, vl, vh, el, eh;
                range(split.train, tl, th);
                range(split.validation, vl, vh);
                range(split.test, el, eh);
                QVERIFY2(th < vl && vh < el,
                         qPrintable(QString("session %1 foot %2: train ..%3, validation %4..%5, test %6..")
                                        .arg(si)
                                        .arg(foot)
                                        .arg(th)
                                        .arg(vl)
                                        .arg(vh)
                                        .arg(el)));
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
        std::vector<WindowRef> val(split.validation.begin(),
                                   split.validation.begin() + std::min<std::size_t>(192, split.validation.size()));
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

    void resumeKeepsAdamsMoments()
    {
        // A full-batch epoch, so the shuffle order cannot matter: continuing in the same Trainer,
        // resuming from saved weights + optimizer state, and resuming with a fresh Adam.
        WindowSource src(tinyConfig());
        for (const auto& s : m_sessions)
            src.addSession(*s);
        const Split split = splitByTimeBlocks(src);
        const std::vector<WindowRef> train(split.train.begin(), split.train.begin() + 48);
        TrainOptions o;
        o.batch = 48;
        o.learningRate = 1e-3;
        PoseModel a(tinyConfig(), 5);
        Trainer ta(a, src, o);
        for (int e = 1; e <= 3; ++e)
            ta.runEpoch(e, train, {});
        const fs::path weights = m_tmp.filePath("resume.pt").toStdString(),
                       optim = m_tmp.filePath("resume.optim.pt").toStdString();
        a.save(weights);
        ta.saveOptimizer(optim);
        ta.runEpoch(4, train, {});

        PoseModel b = PoseModel::load(weights);
        Trainer tb(b, src, o);
        tb.loadOptimizer(optim);
        tb.runEpoch(4, train, {});
        PoseModel c = PoseModel::load(weights);
        Trainer tc(c, src, o);
        tc.runEpoch(4, train, {});

        std::vector<float> buf(src.windowValues());
        src.fill(split.validation.at(10), buf);
        const Pose pa = a.predict(buf, 1).keypoints[0], pb = b.predict(buf, 1).keypoints[0],
                   pc = c.predict(buf, 1).keypoints[0];
        qInfo("continued vs resumed: %.2e m; vs fresh Adam: %.2e m", double(mpjpe(pa, pb)), double(mpjpe(pa, pc)));
        QVERIFY(mpjpe(pa, pb) < 1e-5f);
        QVERIFY(mpjpe(pa, pc) > 20 * std::max(1e-7f, mpjpe(pa, pb)));

        // The optimizer state of another model is refused with the file's name.
        PoseModel other(ModelConfig::lite(), 1);
        Trainer wrong(other, src, o);
        try {
            wrong.loadOptimizer(optim);
            QFAIL("loading another model's optimizer state should throw");
        } catch (const FormatError& e) {
            QVERIFY2(QString(e.what()).contains("resume.optim.pt"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(IoError, wrong.loadOptimizer(m_tmp.filePath("missing.optim.pt").toStdString()));
    }

    void timeBudgetStopsMidEpoch()
    {
        PoseModel model(tinyConfig(), 3);
        WindowSource src(model.config());
        src.addSession(*m_sessions[0]);
        const Split split = splitByTimeBlocks(src);
        TrainOptions o;
        o.maxMinutes = 1e-6; // spent before the first batch
        Trainer trainer(model, src, o);
        QTest::qWait(5);
        const EpochReport r = trainer.runEpoch(1, split.train, {});
        QVERIFY(r.stoppedEarly);
        QCOMPARE(r.windows, std::size_t(0));
        QVERIFY(trainer.outOfTime());
    }

    void actionProbeTellsActionsApart()
    {
        // Even untrained encoders carry enough of the pressure pattern to tell a squat from walking;
        // the probe must find it, and must leave the encoders untouched.
        PoseModel model(tinyConfig(), 4);
        WindowSource src(model.config());
        for (const auto& s : m_sessions)
            src.addSession(*s);
        const Split split = splitByTimeBlocks(src);
        std::vector<float> buf(src.windowValues());
        src.fill(split.test.at(3), buf);
        const Pose before = model.predict(buf, 1).keypoints[0];
        ProbeOptions po;
        po.epochs = 40;
        ActionProbe probe(model, {"squat", "walking", "lunge"}, po);
        QCOMPARE(probe.featureSize(), 16 * 3 * 5);
        probe.train(src, split.train);
        const ProbeResult r = probe.evaluate(src, split.test);
        qInfo("probe accuracy %.3f (squat %.3f, walking %.3f) on %zu windows", r.accuracy, r.perActionAccuracy[0],
              r.perActionAccuracy[1], r.windows);
        QCOMPARE(r.windows, split.test.size());
        std::size_t total = 0;
        for (const auto& row : r.confusion)
            for (std::size_t v : row)
                total += v;
        QCOMPARE(total, r.windows);
        QCOMPARE(r.confusion[2][0] + r.confusion[2][1] + r.confusion[2][2], std::size_t(0)); // no lunge in the data
        QVERIFY(r.accuracy > 0.8);
        QVERIFY(mpjpe(before, model.predict(buf, 1).keypoints[0]) == 0.0f);
        writeProbeReport(m_tmp.filePath("probe").toStdString(), r);
        for (const char* f : {"probe.json", "per_action.csv", "confusion.csv", "per_action.png", "confusion.png"})
            QVERIFY2(fs::file_size(fs::path(m_tmp.filePath("probe").toStdString()) / f) > 0, f);
        QVERIFY_THROWS_EXCEPTION(Error, ActionProbe(model, {"squat"}));
    }

    void chartsSayWhatDoesNotFit()
    {
        const fs::path png = m_tmp.filePath("chart.png").toStdString();
        writeBarChartPng(png, "t", {"a", "b"}, {{"one", {1.0, 2.5}}, {"two", {3.0, std::nan("")}}}, "cm");
        std::ifstream in(png, std::ios::binary);
        char magic[4] = {};
        in.read(magic, 4);
        QCOMPARE(QByteArray(magic + 1, 3), QByteArray("PNG"));
        try {
            writeBarChartPng(png, "t", {"a", "b"}, {{"short", {1.0}}}, "cm");
            QFAIL("a series shorter than the categories should throw");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("'short' has 1 values for 2 categories"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, writeMatrixPng(png, "m", {"a", "b"}, {{1, 2}}, "r", "c"));
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
        train.start(cli,
                    {"train", "--data", m_tmp.filePath("data"), "--config", "lite", "--epochs", "0", "--out", dir});
        QVERIFY(train.waitForFinished(60000));
        QVERIFY2(train.exitCode() == 0, train.readAllStandardError().constData());
        // A second run into the same folder does not replace the trained model unless told to.
        const auto modelBytes = [&] {
            QFile f(dir + "/model.pt");
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray before = modelBytes();
        QVERIFY(!before.isEmpty());
        QProcess again;
        again.start(cli,
                    {"train", "--data", m_tmp.filePath("data"), "--config", "paper", "--epochs", "0", "--out", dir});
        QVERIFY(again.waitForFinished(60000));
        QCOMPARE(again.exitCode(), 2);
        const QString refusal = again.readAllStandardError();
        QVERIFY2(refusal.contains("already holds a trained model (model.pt)") && refusal.contains("--overwrite"),
                 qPrintable(refusal));
        QCOMPARE(modelBytes(), before);
        QProcess overwrite;
        overwrite.start(cli, {"train", "--data", m_tmp.filePath("data"), "--config", "lite", "--epochs", "0", "--seed",
                              "5", "--out", dir, "--overwrite"});
        QVERIFY(overwrite.waitForFinished(60000));
        QVERIFY2(overwrite.exitCode() == 0, overwrite.readAllStandardError().constData());
        QVERIFY(modelBytes() != before); // another seed: other weights
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
        bad.start(cli, {"predict", "--model", dir + "/model.pt", "--input", m_tmp.filePath("bad.npy"), "--out",
                        m_tmp.filePath("x.npy")});
        QVERIFY(bad.waitForFinished(60000));
        QCOMPARE(bad.exitCode(), 1);
        QVERIFY(QString::fromUtf8(bad.readAllStandardError()).contains("expected float32 (2, 40, 30, 22)"));

        // evaluate writes the paper's reports as JSON, CSV and PNG.
        QProcess eval;
        eval.start(cli, {"evaluate", "--model", dir + "/model.pt", "--data", m_tmp.filePath("data"), "--out",
                         m_tmp.filePath("eval")});
        QVERIFY(eval.waitForFinished(120000));
        QVERIFY2(eval.exitCode() == 0, eval.readAllStandardError().constData());
        for (const char* f :
             {"evaluation.json", "per_keypoint.csv", "per_axis.csv", "per_body_part.csv", "per_action.csv",
              "per_keypoint.png", "per_axis.png", "per_body_part.png", "per_action.png"})
            QVERIFY2(QFile::exists(m_tmp.filePath("eval/") + f), f);
        QFile actions(m_tmp.filePath("eval/per_action.csv"));
        QVERIFY(actions.open(QIODevice::ReadOnly));
        const QString table = QString::fromUtf8(actions.readAll());
        QVERIFY2(table.startsWith("action,windows,mpjpe_cm\n") && table.contains("\nsquat,") &&
                     table.contains("\nwalking,"),
                 qPrintable(table));
    }

    void experimentRunnerWritesTables()
    {
        const QString cli = QStringLiteral(INSOLEPOSE_CLI);
        QFile config(m_tmp.filePath("tiny.json"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QJsonDocument(tinyConfig().toJson()).toJson());
        config.close();
        const QString out = m_tmp.filePath("experiments");
        QProcess loss;
        loss.start(cli, {"experiment",
                         "loss-ablation",
                         "--data",
                         m_tmp.filePath("data"),
                         "--out",
                         out,
                         "--config",
                         config.fileName(),
                         "--minutes-per-model",
                         "0.03",
                         "--epochs",
                         "2",
                         "--max-windows",
                         "64",
                         "--max-validation-windows",
                         "32",
                         "--max-test-windows",
                         "48",
                         "--threads",
                         "2"});
        QVERIFY(loss.waitForFinished(300000));
        QVERIFY2(loss.exitCode() == 0, loss.readAllStandardError().constData());
        QFile md(out + "/loss-ablation/table.md");
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QString table = QString::fromUtf8(md.readAll());
        for (const char* row : {"| heatmap+keypoint |", "| heatmap only |", "| keypoint only |", "Paper trend"})
            QVERIFY2(table.contains(row), qPrintable(table));
        for (const char* f :
             {"table.csv", "table.png", "results.json", "heatmap-only/model.pt", "keypoint-only/test/per_action.csv"})
            QVERIFY2(QFile::exists(out + "/loss-ablation/" + f), f);
        const auto results = QJsonDocument::fromJson([&] {
                                 QFile f(out + "/loss-ablation/results.json");
                                 f.open(QIODevice::ReadOnly);
                                 return f.readAll();
                             }())
                                 .object();
        QCOMPARE(results["runs"].toObject()["heatmap only"].toObject()["windows"].toInt(), 48);

        // The probe needs a trained model; an unknown experiment and a missing model are usage errors.
        QProcess probe;
        probe.start(cli,
                    {"experiment", "action-probe", "--data", m_tmp.filePath("data"), "--out", out, "--model",
                     out + "/loss-ablation/heatmap-only/model.pt", "--probe-epochs", "5", "--max-test-windows", "64"});
        QVERIFY(probe.waitForFinished(300000));
        QVERIFY2(probe.exitCode() == 0, probe.readAllStandardError().constData());
        for (const char* f : {"table.md", "confusion.csv", "confusion.png", "probe.json"})
            QVERIFY2(QFile::exists(out + "/action-probe/" + f), f);
        QProcess bad;
        bad.start(cli, {"experiment", "action-probe", "--data", m_tmp.filePath("data"), "--out", out});
        QVERIFY(bad.waitForFinished(60000));
        QCOMPARE(bad.exitCode(), 2);
        QVERIFY(QString::fromUtf8(bad.readAllStandardError()).contains("need --model"));
    }
};

QTEST_GUILESS_MAIN(TestTraining)
#include "test_training.moc"
