// Ground truth against predictions (analysis::PoseComparison) and the comparison export
// (report::ComparisonReport): checked on a small session written here whose errors are worked out
// by hand.
#include "insolepose/Error.h"
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/analysis/PoseComparison.h"
#include "insolepose/report/ComparisonReport.h"

#include <Eigen/Geometry>

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>

using namespace insolepose;
using namespace insolepose::analysis;
namespace fs = std::filesystem;

namespace {

constexpr TimeNs kStep = 100 * kNsPerMs;
constexpr std::size_t kFrames = 10;

/// A pose standing at (1, 2) turned by `frame` degrees, so that normalisation moves and turns it.
Pose standingPose(std::size_t frame)
{
    Pose p;
    const Eigen::AngleAxisf turn(float(frame) * 0.0174533f, Eigen::Vector3f::UnitZ());
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        p[k] = turn * Eigen::Vector3f(0.01f * float(k) - 0.1f, 0.02f * float(k % 5) + 0.1f * float(k % 2),
                                      0.05f * float(k)) +
               Eigen::Vector3f(1.0f, 2.0f, 0.0f);
    return p;
}

LabelSegment segment(TimeNs start_ns, TimeNs end_ns, const char* label)
{
    LabelSegment s;
    s.start_ns = start_ns;
    s.end_ns = end_ns;
    s.label = label;
    return s;
}

bool near(double a, double b, double tolerance = 1e-3) { return std::abs(a - b) <= tolerance; }

QString readText(const fs::path& path)
{
    QFile f(QString::fromStdString(path.string()));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

class TestComparison : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fs::path m_dir;

    const KeypointStream& model(const Session& s, const char* name)
    {
        const KeypointStream* p = s.prediction(name);
        if (!p)
            qFatal("no prediction %s", name);
        return *p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Ground truth: ten frames 100 ms apart. Predictions (normalised frame) at the same times:
        //   "plus1x":  joint 3 (left elbow) 1 cm off on x, every frame;
        //   "rotated": the truth turned by 30 degrees about z, scaled by 1.1 and moved (PA-MPJPE 0);
        //   "ramp":    the nose k cm off on z at frame k (the worst frames are the last ones).
        // Labels: frames 0-4 "walking", 5-9 "squat".
        m_dir = fs::path(m_tmp.path().toStdString()) / "cmp";
        SessionMetadata meta;
        meta.id = "cmp";
        SessionWriter w(m_dir, meta);
        std::vector<TimeNs> times;
        std::vector<Pose> plus1x, rotated, ramp;
        const Eigen::AngleAxisf turn(0.5236f, Eigen::Vector3f::UnitZ());
        for (std::size_t i = 0; i < kFrames; ++i) {
            const TimeNs t = TimeNs(i) * kStep;
            w.appendGroundTruth(t, standingPose(i));
            times.push_back(t);
            const Pose truth = normalizePose(standingPose(i));
            Pose a = truth, b = truth, c = truth;
            a[3].x() += 0.01f;
            for (auto& j : b)
                j = 1.1f * (turn * j) + Eigen::Vector3f(0.2f, -0.1f, 0.05f);
            c[0].z() += 0.01f * float(i);
            plus1x.push_back(a);
            rotated.push_back(b);
            ramp.push_back(c);
        }
        w.close();
        writePredictions(m_dir, "plus1x", times, plus1x);
        writePredictions(m_dir, "rotated", times, rotated);
        writePredictions(m_dir, "ramp", times, ramp);
        LabelTrack track;
        track.add(segment(0, 5 * kStep, "walking"));
        track.add(segment(5 * kStep, 10 * kStep, "squat"));
        writeLabelTracks(m_dir, {track});
    }

    void offsetOnOneJointShowsThereOnly()
    {
        const Session s = openSession(m_dir);
        const PoseComparison c = comparePoses(s.groundTruth(), model(s, "plus1x"));
        QCOMPARE(c.model, std::string("plus1x"));
        QCOMPARE(c.frames.size(), kFrames);
        const ErrorStats st = summarize(c);
        QCOMPARE(st.frames, kFrames);
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            QVERIFY2(near(st.raw.joint_cm[k], k == 3 ? 1.0 : 0.0), qPrintable(QString::number(st.raw.joint_cm[k])));
        QVERIFY(near(st.raw.mean_cm, 1.0 / 19.0));
        QVERIFY(near(st.raw.axis_cm[0], 1.0 / 19.0));
        QVERIFY(near(st.raw.axis_cm[1], 0.0));
        QVERIFY(near(st.raw.axis_cm[2], 0.0));
        // The left elbow is one of the four arm joints; the head, torso, legs and feet are exact.
        QVERIFY(near(st.raw.region_cm[std::size_t(BodyRegion::Arms)], 0.25));
        for (BodyRegion r : {BodyRegion::Head, BodyRegion::Torso, BodyRegion::Legs, BodyRegion::Feet})
            QVERIFY(near(st.raw.region_cm[std::size_t(r)], 0.0));
        // Alignment (least squares) spreads the one joint's offset over the others.
        QVERIFY(st.aligned.mean_cm > 0.0 && st.aligned.mean_cm < 1.0);
        QVERIFY(st.aligned.joint_cm[3] < 1.0);
    }

    void procrustesRemovesRotationScaleAndShift()
    {
        const Session s = openSession(m_dir);
        const ErrorStats st = summarize(comparePoses(s.groundTruth(), model(s, "rotated")));
        QVERIFY2(st.raw.mean_cm > 5.0, qPrintable(QString::number(st.raw.mean_cm)));
        QVERIFY2(st.aligned.mean_cm < 0.01, qPrintable(QString::number(st.aligned.mean_cm)));
        const Pose p = normalizePose(standingPose(2));
        QVERIFY(procrustesMpjpe(p, p) < 1e-5f);
    }

    void bodyRegionsFollowTheKeypointOrder()
    {
        QCOMPARE(bodyRegion(0), BodyRegion::Head);
        for (std::size_t k : {1, 2, 7, 8})
            QCOMPARE(bodyRegion(k), BodyRegion::Torso);
        for (std::size_t k : {3, 4, 5, 6})
            QCOMPARE(bodyRegion(k), BodyRegion::Arms);
        for (std::size_t k : {9, 10, 11, 12})
            QCOMPARE(bodyRegion(k), BodyRegion::Legs);
        for (std::size_t k = 13; k < kKeypointCount; ++k)
            QCOMPARE(bodyRegion(k), BodyRegion::Feet);
    }

    void rangesLabelsAndCategoriesSplitTheFrames()
    {
        const Session s = openSession(m_dir);
        const PoseComparison c = comparePoses(s.groundTruth(), model(s, "ramp"));
        // Frame k has MPJPE k/19 cm. [300, 600) ms holds frames 3, 4, 5.
        const ErrorStats range = summarize(c, 3 * kStep, 6 * kStep);
        QCOMPARE(range.frames, std::size_t(3));
        QVERIFY(near(range.raw.mean_cm, 4.0 / 19.0));
        QVERIFY(near(range.raw.joint_cm[0], 4.0));
        QVERIFY(near(range.raw.axis_cm[2], 4.0 / 19.0));
        QCOMPARE(summarize(c, 20 * kStep, 30 * kStep).frames, std::size_t(0));
        QVERIFY(std::isnan(summarize(c, 20 * kStep, 30 * kStep).raw.mean_cm));

        const auto byLabel = summarizeByLabel(c, s.labelTracks().front());
        QCOMPARE(byLabel.size(), std::size_t(2));
        QCOMPARE(byLabel.at("walking").frames, std::size_t(5));
        QVERIFY(near(byLabel.at("walking").raw.mean_cm, 2.0 / 19.0)); // (0+1+2+3+4)/5 cm on one joint
        QVERIFY(near(byLabel.at("squat").raw.mean_cm, 7.0 / 19.0));

        // Any per-frame category (e.g. gait phase); empty entries are left out.
        std::vector<std::string> phase(kFrames);
        for (std::size_t i = 0; i < kFrames; ++i)
            phase[i] = i == 9 ? "" : (i % 2 ? "swing" : "stance");
        const auto byPhase = summarizeByCategory(c, phase);
        QCOMPARE(byPhase.at("stance").frames, std::size_t(5)); // 0 2 4 6 8
        QVERIFY(near(byPhase.at("stance").raw.joint_cm[0], 4.0));
        QCOMPARE(byPhase.at("swing").frames, std::size_t(4)); // 1 3 5 7
        QVERIFY(near(byPhase.at("swing").raw.joint_cm[0], 4.0));
        phase.pop_back();
        QVERIFY_THROWS_EXCEPTION(Error, summarizeByCategory(c, phase));
    }

    void worstFramesComeWorstFirst()
    {
        const Session s = openSession(m_dir);
        const PoseComparison c = comparePoses(s.groundTruth(), model(s, "ramp"));
        QCOMPARE(worstFrames(c, 3), (std::vector<std::size_t>{9, 8, 7}));
        QCOMPARE(worstFrames(c, 2, 0, 5 * kStep), (std::vector<std::size_t>{4, 3}));
        QCOMPARE(worstFrames(c, 50).size(), kFrames);
        // Ties keep time order: plus1x has the same error everywhere.
        QCOMPARE(worstFrames(comparePoses(s.groundTruth(), model(s, "plus1x")), 3),
                 (std::vector<std::size_t>{0, 1, 2}));
    }

    void distanceBetweenTwoPredictions()
    {
        const Session s = openSession(m_dir);
        const TimeCurve d = predictionDistance(s.groundTruth(), model(s, "plus1x"), model(s, "ramp"));
        QCOMPARE(d.times_ns.size(), kFrames);
        // Frame k: the elbow differs by 1 cm and the nose by k cm.
        for (std::size_t k = 0; k < kFrames; ++k)
            QVERIFY2(near(d.values[k], (1.0 + double(k)) / 19.0), qPrintable(QString::number(d.values[k])));
    }

    void gaitPhasesSplitTheFramesInTheTablesAndCsv()
    {
        const Session s = openSession(m_dir);
        report::ComparisonInput in;
        in.session = "cmp";
        in.primary = comparePoses(s.groundTruth(), model(s, "ramp"));
        // From contacts: the left foot down over [0, 0.5 s), both feet down over [0.2, 0.4 s).
        const std::vector<Contact> contacts{{Foot::Left, 0, 500 * kNsPerMs, true, true},
                                            {Foot::Right, 200 * kNsPerMs, 400 * kNsPerMs, true, true}};
        in.gaitPhases = report::gaitPhasesOf(in.primary, contacts);
        QCOMPARE(in.gaitPhases.size(), in.primary.frames.size());
        const report::ComparisonTables t = report::computeTables(in);
        QVERIFY(t.byGaitPhase.count("double-support") == 1);
        // The double-support frames are exactly those of [0.2, 0.4 s): the same statistics.
        const ErrorStats both = summarize(in.primary, 200 * kNsPerMs, 400 * kNsPerMs);
        QCOMPARE(t.byGaitPhase.at("double-support").frames, both.frames);
        QVERIFY(near(t.byGaitPhase.at("double-support").raw.mean_cm, both.raw.mean_cm));
        QVERIFY(report::partCsv(in, t).contains("gait: double-support,"));
    }

    void exportWritesTablesChartsAndOnePagePdf()
    {
        const Session s = openSession(m_dir);
        report::ComparisonInput in;
        in.session = "cmp";
        in.primary = comparePoses(s.groundTruth(), model(s, "ramp"));
        in.second = comparePoses(s.groundTruth(), model(s, "plus1x"));
        in.labels = s.labelTracks().front();
        in.worstCount = 3;
        const fs::path out = fs::path(m_tmp.path().toStdString()) / "export";
        report::writeComparison(out, in);

        const QStringList joints = readText(out / "comparison.csv").trimmed().split('\n');
        QCOMPARE(joints.size(), qsizetype(kKeypointCount + 1));
        QCOMPARE(joints[0], QString("index,joint,region,ramp_cm,ramp_pa_cm,plus1x_cm,plus1x_pa_cm"));
        QVERIFY2(joints[1].startsWith("0,nose,head,4.50,"), qPrintable(joints[1]));
        QVERIFY2(joints[4].startsWith("3,") && joints[4].contains(",arms,0.00,") && joints[4].contains(",1.00,"),
                 qPrintable(joints[4]));
        const QString actions = readText(out / "by_action.csv");
        QVERIFY2(actions.contains("squat,5,0.37,") && actions.contains("walking,5,0.11,"), qPrintable(actions));
        const QStringList worst = readText(out / "worst_frames.csv").trimmed().split('\n');
        QCOMPARE(worst.size(), qsizetype(4));
        QCOMPARE(worst[1].section(',', 0, 1), QString("1,0.900"));
        QVERIFY(worst[1].endsWith(",squat"));
        QCOMPARE(worst[3].section(',', 0, 1), QString("3,0.700"));
        QVERIFY(readText(out / "by_part.csv").contains("axis z,"));
        for (const char* png : {"per_joint.png", "by_part.png", "by_action.png"})
            QVERIFY2(QImage(QString::fromStdString((out / png).string())).width() > 100, png);

        QFile pdf(QString::fromStdString((out / "report.pdf").string()));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        const QByteArray bytes = pdf.readAll();
        QVERIFY(bytes.startsWith("%PDF"));
        const QString text = QString::fromLatin1(bytes);
        QCOMPARE(text.count(QRegularExpression("/Type\\s*/Page(?!s)")), 1);
        QVERIFY(bytes.contains("/Count 1"));
    }

    void commandLineWritesTheComparisonAndNamesWhatIsMissing()
    {
        const QString out = m_tmp.filePath("cli");
        QProcess p;
        p.start(INSOLEPOSE_CLI, {"compare", QString::fromStdString(m_dir.string()), "--out", out, "--model", "ramp",
                                 "--against", "plus1x", "--worst", "3"});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QVERIFY2(p.readAllStandardOutput().contains("ramp: 10 frames, MPJPE 0.24 cm"), "summary line");
        QCOMPARE(readText(fs::path(out.toStdString()) / "worst_frames.csv").trimmed().split('\n').size(), 4);
        QVERIFY(readText(fs::path(out.toStdString()) / "comparison.csv").startsWith("index,joint,region,ramp_cm"));
        QVERIFY(QFile::exists(out + "/report.pdf"));
        // A model or label track the session does not have: exit 1, naming it and what there is.
        p.start(INSOLEPOSE_CLI, {"compare", QString::fromStdString(m_dir.string()), "--out", out, "--model", "nope"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("\"nope\"") && err.contains("plus1x") && err.contains("ramp"), qPrintable(err));
        p.start(INSOLEPOSE_CLI,
                {"compare", QString::fromStdString(m_dir.string()), "--out", out, "--label-track", "x"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(
            QString::fromUtf8(p.readAllStandardError()).contains("no label track \"x\" (the session has: actions)"));
        // No --out: a usage error.
        p.start(INSOLEPOSE_CLI, {"compare", QString::fromStdString(m_dir.string())});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
    }

    void exportOfARangeCountsOnlyItsFrames()
    {
        const Session s = openSession(m_dir);
        report::ComparisonInput in;
        in.primary = comparePoses(s.groundTruth(), model(s, "ramp"));
        in.labels = s.labelTracks().front();
        in.from_ns = 0;
        in.to_ns = 2 * kStep;
        const report::ComparisonTables t = report::computeTables(in);
        QCOMPARE(t.primary.frames, std::size_t(2));
        QCOMPARE(t.byLabel.size(), std::size_t(1));
        QCOMPARE(t.byLabel.at("walking").frames, std::size_t(2));
        QCOMPARE(t.worst, (std::vector<std::size_t>{1, 0}));
    }
};

QTEST_MAIN(TestComparison)
#include "test_comparison.moc"
