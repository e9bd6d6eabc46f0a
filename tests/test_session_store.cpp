#include "TestUtil.h"

#include "insolepose/Error.h"
#include "insolepose/Json.h"
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"

#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <filesystem>
#include <fstream>

using namespace insolepose;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kLeftFrames = 20;
constexpr std::size_t kRightFrames = 15;
constexpr std::size_t kGtFrames = 30;

SessionMetadata sampleMetadata()
{
    SessionMetadata m;
    m.id = "S01-walking";
    m.subjectId = "S01";
    m.createdUtc = "2026-11-29T10:00:00Z";
    m.appVersion = "test";
    m.notes = "round trip";
    m.insoles[0].calibration = Calibration::minMax(2929, 3051);
    m.insoles[1].size = InsoleSize::Large;
    m.insoles[1].calibration = Calibration::perTaxel(std::vector<float>(660, 2915.0f), 162.0f);
    m.syncOffsets_ns = {{"keypoints_gt", 5 * kNsPerMs}};
    return m;
}

/// Writes a small valid session: left frames on the model grid, right frames from a large insole.
void writeSample(const fs::path& dir)
{
    SessionWriter w(dir, sampleMetadata());
    for (std::uint32_t i = 0; i < kLeftFrames; ++i) {
        TactileFrame f;
        f.foot = Foot::Left;
        f.sequence = i;
        f.hostTime_ns = TimeNs(i) * 71 * kNsPerMs;
        f.deviceTime_ns = 1000 + TimeNs(i);
        f.raw_adc = test::patternFrame(i, 0);
        w.appendTactile(f);
    }
    for (std::uint32_t i = 0; i < kRightFrames; ++i) {
        TactileFrame f;
        f.foot = Foot::Right;
        f.sequence = 100 + i;
        f.hostTime_ns = TimeNs(i) * 71 * kNsPerMs + 3;
        f.grid = kLargeInsoleGrid;
        f.raw_adc.assign(29 * 21, std::uint16_t(3000 + i));
        w.appendTactile(f);
    }
    for (std::size_t i = 0; i < kGtFrames; ++i)
        w.appendGroundTruth(TimeNs(i) * kNsPerSecond / 30, test::patternPose(i));
    w.close();
    LabelTrack t;
    t.add({0, kNsPerSecond / 2, "walking", "alice", "start"});
    t.add({kNsPerSecond / 2, kNsPerSecond, "squat", "bob", ""});
    writeLabelTracks(dir, {t});
}

void writeFile(const fs::path& p, const std::string& bytes)
{
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), std::streamsize(bytes.size()));
}

std::string readFile(const fs::path& p)
{
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

bool anyWarningContains(const Session& s, const QString& text)
{
    for (const auto& w : s.warnings())
        if (QString::fromStdString(w).contains(text))
            return true;
    return false;
}

template <typename E> QString errorOf(const fs::path& dir)
{
    try {
        openSession(dir);
    } catch (const E& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestSessionStore : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    int m_counter = 0;
    fs::path freshSession()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / ("s" + std::to_string(++m_counter));
        writeSample(dir);
        return dir;
    }

private Q_SLOTS:
    void roundTrip()
    {
        const fs::path dir = freshSession();
        std::vector<TimeNs> times;
        std::vector<Pose> poses;
        for (std::size_t i = 0; i < 10; ++i) {
            times.push_back(TimeNs(i) * 100 * kNsPerMs);
            poses.push_back(test::patternPose(i + 50));
        }
        writePredictions(dir, "lite-v1", times, poses);

        const Session s = openSession(dir);
        QVERIFY2(s.warnings().empty(), s.warnings().empty() ? "" : s.warnings().front().c_str());
        QVERIFY(!s.wasInterrupted());
        QCOMPARE(s.metadata().id, std::string("S01-walking"));
        QCOMPARE(s.metadata().notes, std::string("round trip"));
        QCOMPARE(s.metadata().insoles[1].size, InsoleSize::Large);
        QCOMPARE(s.metadata().insoles[0].calibration, sampleMetadata().insoles[0].calibration);
        QCOMPARE(s.metadata().insoles[1].calibration, sampleMetadata().insoles[1].calibration);

        const auto& left = s.tactile(Foot::Left);
        QCOMPARE(left.size(), kLeftFrames);
        for (std::size_t i = 0; i < kLeftFrames; ++i) {
            const auto expected = test::patternFrame(std::uint32_t(i), 0);
            QVERIFY(std::equal(expected.begin(), expected.end(), left.raw(i).begin()));
            QCOMPARE(left.sequenceAt(i), std::uint32_t(i));
            QCOMPARE(left.deviceTimeAt(i), TimeNs(1000 + i));
        }
        const auto& right = s.tactile(Foot::Right);
        QCOMPARE(right.size(), kRightFrames);
        QCOMPARE(right.raw(4)[0], std::uint16_t(3004));
        QCOMPARE(right.raw(4)[21], std::uint16_t(0)); // padded column
        QCOMPARE(right.raw(4)[29 * 22], std::uint16_t(0)); // padded row
        QCOMPARE(right.sequenceAt(2), std::uint32_t(102));

        // Latest-at on the session clock, with the keypoint stream's sync offset applied.
        QCOMPARE(*left.latestAt(71 * kNsPerMs * 3 + 1), std::size_t(3));
        const auto& gt = s.groundTruth();
        QCOMPARE(gt.size(), kGtFrames);
        QCOMPARE(gt.timeAt(0), 5 * kNsPerMs);
        QVERIFY(!gt.latestAt(4 * kNsPerMs).has_value());
        QVERIFY(mpjpe(gt.pose(7), test::patternPose(7)) < 1e-7f);

        const KeypointStream* pred = s.prediction("lite-v1");
        QVERIFY(pred);
        QCOMPARE(pred->size(), std::size_t(10));
        QVERIFY(mpjpe(pred->pose(3), test::patternPose(53)) < 1e-7f);

        QCOMPARE(s.labelTracks().size(), std::size_t(1));
        QCOMPARE(s.labelTracks()[0].segments()[0].annotator, std::string("alice"));
        QCOMPARE(s.labelTracks()[0].at(kNsPerSecond * 3 / 4)->label, std::string("squat"));

        const auto [t0, t1] = s.timeRange();
        QCOMPARE(t0, TimeNs(0));
        QCOMPARE(t1, std::max(TimeNs(19) * 71 * kNsPerMs, 5 * kNsPerMs + TimeNs(29) * kNsPerSecond / 30));
    }

    void numpyReadsTheSession()
    {
        const fs::path dir = freshSession();
        const QString script = QStringLiteral(R"(
import json, sys, numpy as np
d = sys.argv[1]
tl = np.load(d + '/tactile_left.npy'); assert tl.shape == (20, 30, 22) and tl.dtype == np.uint16, (tl.shape, tl.dtype)
tr = np.load(d + '/tactile_right.npy', mmap_mode='r'); assert tr.shape == (15, 30, 22)
ts = np.load(d + '/tactile_left_timestamps.npy'); assert ts.dtype == np.int64 and ts.shape == (20,)
sq = np.load(d + '/tactile_right_sequence.npy'); assert sq.dtype == np.uint32 and sq[2] == 102
kp = np.load(d + '/keypoints_gt.npy'); assert kp.shape == (30, 19, 3) and kp.dtype == np.float32
kt = np.load(d + '/keypoints_gt_timestamps.npy'); assert kt.shape == (30,)
assert int(tl[3, 0, 1]) == (3 * 7 + 3) % 4096, tl[3, 0, 1]
assert abs(float(kp[7, 2, 1]) - 0.007) < 1e-6
meta = json.load(open(d + '/session.json')); assert meta['schema_version'] == 1 and meta['state'] == 'closed'
labels = json.load(open(d + '/labels.json')); assert labels['tracks'][0]['segments'][1]['label'] == 'squat'
print('numpy ok')
)");
        QProcess py;
        py.start(QStringLiteral(INSOLEPOSE_NUMPY_PYTHON),
                 {QStringLiteral("-c"), script, QString::fromStdString(dir.string())});
        QVERIFY2(py.waitForFinished(60000), "python did not finish");
        const QString output = QString::fromUtf8(py.readAllStandardOutput() + py.readAllStandardError());
        QVERIFY2(py.exitCode() == 0, qPrintable(output));
        QVERIFY(output.contains("numpy ok"));
    }

    void truncatedArrayIsRecoveredWithWarning()
    {
        const fs::path dir = freshSession();
        const std::string bytes = readFile(dir / "tactile_left.npy");
        writeFile(dir / "tactile_left.npy", bytes.substr(0, bytes.size() - 660 * 2 * 3 - 100));
        const Session s = openSession(dir);
        QCOMPARE(s.tactile(Foot::Left).size(), kLeftFrames - 4);
        QVERIFY(anyWarningContains(s, "tactile_left.npy"));
        QVERIFY(anyWarningContains(s, "truncated"));
        // Everything before the cut is intact.
        const auto expected = test::patternFrame(15, 0);
        QVERIFY(std::equal(expected.begin(), expected.end(), s.tactile(Foot::Left).raw(15).begin()));
    }

    void corruptHeaderIsAnError()
    {
        const fs::path dir = freshSession();
        std::string bytes = readFile(dir / "tactile_left.npy");
        bytes[1] = 'X';
        writeFile(dir / "tactile_left.npy", bytes);
        const QString e = errorOf<FormatError>(dir);
        QVERIFY2(e.contains("tactile_left.npy") && e.contains("magic"), qPrintable(e));
    }

    void wrongDtypeIsAnError()
    {
        const fs::path dir = freshSession();
        const std::vector<double> v(kGtFrames * 57, 1.0);
        writeNpy(dir / "keypoints_gt.npy", DType::F64, {kGtFrames, 19, 3}, v.data());
        const QString e = errorOf<FormatError>(dir);
        QVERIFY2(e.contains("keypoints_gt.npy") && e.contains("float32") && e.contains("float64"), qPrintable(e));
    }

    void wrongShapeIsAnError()
    {
        const fs::path dir = freshSession();
        const std::vector<std::uint16_t> v(3 * 29 * 21, 1);
        writeNpy(dir / "tactile_right.npy", DType::U16, {3, 29, 21}, v.data());
        const QString e = errorOf<FormatError>(dir);
        QVERIFY2(e.contains("tactile_right.npy") && e.contains("(T, 30, 22)") && e.contains("(3, 29, 21)"),
                 qPrintable(e));
    }

    void missingFilesAreErrors()
    {
        const fs::path dir = freshSession();
        fs::remove(dir / "keypoints_gt_timestamps.npy");
        QString e = errorOf<IoError>(dir);
        QVERIFY2(e.contains("keypoints_gt_timestamps.npy") && e.contains("missing"), qPrintable(e));
        const fs::path dir2 = freshSession();
        fs::remove(dir2 / "session.json");
        e = errorOf<IoError>(dir2);
        QVERIFY2(e.contains("session.json is missing"), qPrintable(e));
        const fs::path dir3 = freshSession();
        fs::remove(dir3 / "tactile_left.npy");
        e = errorOf<IoError>(dir3);
        QVERIFY2(e.contains("tactile_left.npy"), qPrintable(e));
        QVERIFY(!errorOf<IoError>(fs::path(m_tmp.path().toStdString()) / "nowhere").isEmpty());
    }

    void mismatchedLengthsUseTheCommonPart()
    {
        const fs::path dir = freshSession();
        std::vector<TimeNs> t(12);
        for (std::size_t i = 0; i < t.size(); ++i)
            t[i] = TimeNs(i) * 33 * kNsPerMs;
        writeNpy(dir / "keypoints_gt_timestamps.npy", DType::I64, {t.size()}, t.data());
        const Session s = openSession(dir);
        QCOMPARE(s.groundTruth().size(), std::size_t(12));
        QVERIFY(anyWarningContains(s, "keypoints_gt.npy has 30 rows but keypoints_gt_timestamps.npy has 12"));
    }

    void nanKeypointsAreMarkedMissing()
    {
        const fs::path dir = freshSession();
        std::vector<float> kp(kGtFrames * 57, 0.5f);
        kp[3 * 57 + 10] = std::nanf("");
        kp[8 * 57] = std::numeric_limits<float>::infinity();
        writeNpy(dir / "keypoints_gt.npy", DType::F32, {kGtFrames, 19, 3}, kp.data());
        const Session s = openSession(dir);
        QCOMPARE(s.groundTruth().invalidCount(), std::size_t(2));
        QVERIFY(!s.groundTruth().isValid(3));
        QVERIFY(!s.groundTruth().isValid(8));
        QVERIFY(s.groundTruth().isValid(4));
        QVERIFY(anyWarningContains(s, "2 frames hold NaN"));
    }

    void nonMonotonicTimestampsAreSortedInMemory()
    {
        const fs::path dir = freshSession();
        std::vector<TimeNs> t(kRightFrames);
        for (std::size_t i = 0; i < t.size(); ++i)
            t[i] = TimeNs(i) * 71 * kNsPerMs;
        std::swap(t[5], t[6]); // frame 6 arrived stamped before frame 5
        writeNpy(dir / "tactile_right_timestamps.npy", DType::I64, {t.size()}, t.data());
        const Session s = openSession(dir);
        QVERIFY(anyWarningContains(s, "tactile_right_timestamps.npy: 1 timestamps go backwards"));
        const auto& right = s.tactile(Foot::Right);
        const auto i = right.latestAt(5 * 71 * kNsPerMs);
        QVERIFY(i.has_value());
        QCOMPARE(right.raw(*i)[0], std::uint16_t(3006)); // stored row 6 carries time 5*71 ms
        QCOMPARE(right.sequenceAt(*i), std::uint32_t(106));
        for (std::size_t k = 1; k < right.size(); ++k)
            QVERIFY(right.timeAt(k) >= right.timeAt(k - 1));
    }

    void newerSchemaAndBadJsonAreErrors()
    {
        const fs::path dir = freshSession();
        QJsonObject j = readJsonObject(dir / "session.json");
        j["schema_version"] = 99;
        writeJsonAtomically(dir / "session.json", j);
        QString e = errorOf<FormatError>(dir);
        QVERIFY2(e.contains("schema_version 99") && e.contains("newer"), qPrintable(e));
        writeFile(dir / "session.json", "{ \"format\": ");
        e = errorOf<FormatError>(dir);
        QVERIFY2(e.contains("session.json") && e.contains("invalid JSON"), qPrintable(e));
        writeFile(dir / "session.json", "{\"format\": \"something-else\", \"schema_version\": 1}");
        e = errorOf<FormatError>(dir);
        QVERIFY2(e.contains("format"), qPrintable(e));
    }

    void unknownLabelsAreKept()
    {
        const fs::path dir = freshSession();
        LabelTrack t("actions", {"squat"});
        t.add({0, 10, "squat", "", ""});
        QJsonObject track = t.toJson();
        QJsonArray segs = track["segments"].toArray();
        QJsonObject extra = segs[0].toObject();
        extra["label"] = "cartwheel";
        extra["start_ns"] = "20";
        extra["end_ns"] = "30";
        segs.append(extra);
        track["segments"] = segs;
        writeJsonAtomically(dir / "labels.json", QJsonObject{{"tracks", QJsonArray{track}}});
        const Session s = openSession(dir);
        QCOMPARE(s.labelTracks()[0].segments().size(), std::size_t(2));
        QCOMPARE(s.labelTracks()[0].segments()[1].label, std::string("cartwheel"));
        QVERIFY(anyWarningContains(s, "'cartwheel' was not in the vocabulary"));
    }

    void writerRefusesAnExistingSession()
    {
        const fs::path dir = freshSession();
        QVERIFY_THROWS_EXCEPTION(IoError, SessionWriter(dir, SessionMetadata{}));
        QCOMPARE(openSession(dir).tactile(Foot::Left).size(), kLeftFrames); // untouched
    }

    void killedRecorderLosesAtMostOneSecond()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "crashed";
        QProcess child;
        child.start(QStringLiteral(INSOLEPOSE_CHILD_WRITER), {QString::fromStdString(dir.string())});
        QVERIFY2(child.waitForStarted(10000), "child did not start");
        std::uint32_t handed = 0;
        QByteArray buffer;
        while (handed < 500) { // 2.5 s of frames at 200 Hz per foot
            QVERIFY2(child.waitForReadyRead(10000), "child stopped writing");
            buffer += child.readAllStandardOutput();
            const int nl = buffer.lastIndexOf('\n');
            if (nl < 0)
                continue;
            const QList<QByteArray> lines = buffer.left(nl).split('\n');
            handed = lines.back().toUInt();
            buffer = buffer.mid(nl + 1);
        }
        ::kill(pid_t(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        buffer += child.readAllStandardOutput();
        for (const QByteArray& line : buffer.split('\n'))
            if (!line.trimmed().isEmpty())
                handed = std::max(handed, line.trimmed().toUInt());

        const Session s = openSession(dir);
        QVERIFY(s.wasInterrupted());
        QVERIFY(anyWarningContains(s, "not closed cleanly"));
        for (Foot foot : kFeet) {
            const auto& stream = s.tactile(foot);
            qInfo("foot %d: %zu frames recovered of %u handed to the writer", int(foot), stream.size(), handed);
            QVERIFY(stream.size() + 200 >= handed); // at most one second (200 frames) lost
            QVERIFY(stream.size() <= handed);
            for (std::size_t i = 0; i < stream.size(); ++i) {
                QCOMPARE(stream.sequenceAt(i), std::uint32_t(i));
                QCOMPARE(stream.timeAt(i), TimeNs(i) * 5 * kNsPerMs);
            }
            const auto last = test::patternFrame(std::uint32_t(stream.size() - 1), int(foot));
            QVERIFY(std::equal(last.begin(), last.end(), stream.raw(stream.size() - 1).begin()));
        }
        const std::size_t recovered = s.tactile(Foot::Left).size();

        // Repair on disk: afterwards the session opens cleanly with the same frames.
        const Session repaired = openSession(dir, {.repairOnDisk = true});
        QVERIFY(repaired.wasInterrupted());
        const Session clean = openSession(dir);
        QVERIFY(!clean.wasInterrupted());
        QVERIFY2(clean.warnings().empty(), clean.warnings().empty() ? "" : clean.warnings().front().c_str());
        QCOMPARE(clean.tactile(Foot::Left).size(), recovered);
    }
};

QTEST_GUILESS_MAIN(TestSessionStore)
#include "test_session_store.moc"
