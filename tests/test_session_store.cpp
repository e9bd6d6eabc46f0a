#include "TestUtil.h"

#include "insolepose/Error.h"
#include "insolepose/Json.h"
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/VideoFrameCount.h"

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

/// Rows in a .npy file on disk, as numpy would read them.
std::size_t rowsOnDisk(const fs::path& p) { return NpyArray::open(p).rows(); }

void writeTimes(const fs::path& p, const std::vector<TimeNs>& t) { writeNpy(p, DType::I64, {t.size()}, t.data()); }

void markRecording(const fs::path& dir)
{
    QJsonObject j = readJsonObject(dir / "session.json");
    j["state"] = "recording";
    writeJsonAtomically(dir / "session.json", j);
}

QString allWarnings(const Session& s)
{
    QString all;
    for (const auto& w : s.warnings())
        all += QString::fromStdString(w) + "\n";
    return all;
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
        QVERIFY(!repaired.repairs().empty());
        QVERIFY(fs::exists(repaired.repairBackup() / "session.json"));
        const Session clean = openSession(dir);
        QVERIFY(!clean.wasInterrupted());
        QVERIFY2(clean.warnings().empty(), clean.warnings().empty() ? "" : clean.warnings().front().c_str());
        QCOMPARE(clean.tactile(Foot::Left).size(), recovered);
    }

    // --- issue 16: never destroy data, never silently wrong --------------------------------------
    void repairNeverCutsAClosedSessionsStreams()
    {
        // A closed session whose timestamps file is shorter than its data: reading uses the common
        // part, but repair must not delete the 15 data rows that have no timestamp.
        const fs::path dir = freshSession();
        writeTimes(dir / "tactile_left_timestamps.npy",
                   {0, 71 * kNsPerMs, 142 * kNsPerMs, 213 * kNsPerMs, 284 * kNsPerMs});
        const std::string before = readFile(dir / "tactile_left.npy");
        const Session s = openSession(dir, {.repairOnDisk = true});
        QCOMPARE(s.tactile(Foot::Left).size(), std::size_t(5));
        QVERIFY2(anyWarningContains(s, "repair leaves both files as they are"), qPrintable(allWarnings(s)));
        QVERIFY(s.repairs().empty());
        QVERIFY(s.repairBackup().empty());
        QCOMPARE(rowsOnDisk(dir / "tactile_left.npy"), kLeftFrames);
        QVERIFY(readFile(dir / "tactile_left.npy") == before);
        for (const auto& e : fs::directory_iterator(dir))
            QVERIFY2(!e.path().filename().string().starts_with("repair-backup"), "a backup of nothing was made");
    }

    void repairOfACrashKeepsABackupAndSaysWhatItDid()
    {
        const fs::path dir = freshSession();
        markRecording(dir);
        // The crash left 3 timestamps without a frame and half a frame at the end of the data.
        std::vector<TimeNs> t;
        for (std::size_t i = 0; i < kLeftFrames + 3; ++i)
            t.push_back(TimeNs(i) * 71 * kNsPerMs);
        writeTimes(dir / "tactile_left_timestamps.npy", t);
        writeFile(dir / "tactile_left.npy", readFile(dir / "tactile_left.npy") + std::string(660, '\x01'));
        const std::string timesBefore = readFile(dir / "tactile_left_timestamps.npy");
        const std::string dataBefore = readFile(dir / "tactile_left.npy");
        const std::string jsonBefore = readFile(dir / "session.json");

        const Session s = openSession(dir, {.repairOnDisk = true});
        QCOMPARE(s.tactile(Foot::Left).size(), kLeftFrames);
        QString all;
        for (const auto& r : s.repairs())
            all += QString::fromStdString(r) + "\n";
        QCOMPARE(s.repairs().size(), std::size_t(3)); // data, timestamps, session.json: nothing else
        QVERIFY2(all.contains("tactile_left_timestamps.npy: cut 3 of 23 rows"), qPrintable(all));
        QVERIFY2(all.contains("tactile_left.npy: removed a partial last row of 660 bytes; now 20 rows"),
                 qPrintable(all));
        QVERIFY2(all.contains("session.json: state 'recording'"), qPrintable(all));
        QVERIFY(!all.contains("tactile_right"));
        // The originals, byte for byte, in the backup folder inside the session.
        const fs::path backup = s.repairBackup();
        QVERIFY(backup.parent_path() == dir);
        QVERIFY(backup.filename().string().starts_with("repair-backup-"));
        QVERIFY(readFile(backup / "tactile_left_timestamps.npy") == timesBefore);
        QVERIFY(readFile(backup / "tactile_left.npy") == dataBefore);
        QVERIFY(readFile(backup / "session.json") == jsonBefore);
        QVERIFY(!fs::exists(backup / "tactile_right.npy")); // unchanged files are not copied
        QCOMPARE(rowsOnDisk(dir / "tactile_left_timestamps.npy"), kLeftFrames);
        // Repaired: reopens cleanly, and a second repair changes nothing.
        const Session again = openSession(dir, {.repairOnDisk = true});
        QVERIFY2(again.warnings().empty(), qPrintable(allWarnings(again)));
        QVERIFY(again.repairs().empty());
    }

    void killedCameraRecorderTimestampsAreReconciled()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "camera-crash";
        QProcess child;
        child.start(QStringLiteral(INSOLEPOSE_CAMERA_CHILD), {"write", QString::fromStdString(dir.string()), "232"});
        QVERIFY2(child.waitForStarted(10000), "child did not start");
        QByteArray said;
        while (!said.contains("ready")) {
            QVERIFY2(child.waitForReadyRead(60000), qPrintable("child stopped: " + child.readAllStandardError()));
            said += child.readAllStandardOutput();
        }
        ::kill(pid_t(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished(10000));
        const fs::path video = dir / "cameras" / "cam0.mkv";
        const fs::path stamps = dir / "cameras" / "cam0_timestamps.npy";
        QCOMPARE(rowsOnDisk(stamps), std::size_t(232));

        // What FFmpeg itself decodes from the cut file, and what the container count says.
        QProcess count;
        count.start(QStringLiteral(INSOLEPOSE_CAMERA_CHILD), {"count", QString::fromStdString(video.string())});
        QVERIFY(count.waitForFinished(60000));
        const QString counted = QString::fromUtf8(count.readAllStandardOutput());
        const auto frames = countVideoFrames(video);
        QVERIFY(frames.has_value());
        qInfo("camera: 232 timestamps, %lld frames in the cut video; %s", (long long)*frames,
              qPrintable(counted.simplified()));
        QVERIFY2(*frames < 232, "the writer flushed every frame: this run does not show the problem");
        QVERIFY2(counted.contains(QStringLiteral("decoded %1\n").arg(*frames)), qPrintable(counted));
        QVERIFY2(counted.contains(QStringLiteral("reader %1\n").arg(*frames)), qPrintable(counted));

        const Session s = openSession(dir);
        QCOMPARE(s.cameras().size(), std::size_t(1));
        const CameraStream& cam = s.cameras()[0];
        QCOMPARE(cam.frames.size(), std::size_t(*frames));
        QCOMPARE(cam.videoFrames, *frames);
        QVERIFY2(anyWarningContains(s, QStringLiteral("cameras/cam0_timestamps.npy lists 232 frames but "
                                                      "cameras/cam0.mkv holds %1")
                                           .arg(*frames)),
                 qPrintable(allWarnings(s)));
        // No time maps to a frame the video does not have.
        const TimeNs lastFrame_ns = TimeNs(*frames - 1) * kNsPerSecond / 30;
        QCOMPARE(cam.end_ns(), lastFrame_ns);
        QCOMPARE(cam.frameAt(lastFrame_ns), std::optional<std::size_t>(std::size_t(*frames - 1)));
        // Just after it, the last real frame is still the one shown; the timestamps of frames the
        // video does not hold map to nothing.
        QCOMPARE(cam.frameAt(lastFrame_ns + 1), std::optional<std::size_t>(std::size_t(*frames - 1)));
        QVERIFY(!cam.frameAt(TimeNs(*frames + 1) * kNsPerSecond / 30).has_value());

        const Session repaired = openSession(dir, {.repairOnDisk = true});
        QCOMPARE(rowsOnDisk(stamps), std::size_t(*frames));
        QCOMPARE(rowsOnDisk(repaired.repairBackup() / "cameras" / "cam0_timestamps.npy"), std::size_t(232));
        bool reported = false;
        for (const auto& r : repaired.repairs())
            reported |= QString::fromStdString(r).startsWith(
                QStringLiteral("cameras/cam0_timestamps.npy: cut %1 of 232 rows").arg(232 - *frames));
        QVERIFY(reported);
        const Session clean = openSession(dir);
        QVERIFY2(clean.warnings().empty(), qPrintable(allWarnings(clean)));
        QCOMPARE(clean.cameras()[0].frames.size(), std::size_t(*frames));
    }

    void videoFramesAreCountedInEachContainer()
    {
        for (const char* name : {"clip.avi", "clip.mkv"}) {
            const QString file = m_tmp.filePath(QString::fromLatin1(name));
            QProcess p;
            p.start(QStringLiteral(INSOLEPOSE_CAMERA_CHILD), {"video", file, "47"});
            QVERIFY(p.waitForFinished(60000) && p.exitCode() == 0);
            QCOMPARE(countVideoFrames(file.toStdString()), std::optional<std::int64_t>(47));
            // Cut in the middle of a frame, as a crash would: only complete frames count.
            const std::string bytes = readFile(file.toStdString());
            writeFile(file.toStdString(), bytes.substr(0, bytes.size() * 2 / 3));
            const auto cut = countVideoFrames(file.toStdString());
            QVERIFY(cut.has_value() && *cut > 0 && *cut < 47);
            p.start(QStringLiteral(INSOLEPOSE_CAMERA_CHILD), {"count", file});
            QVERIFY(p.waitForFinished(60000));
            const QString decoded = QString::fromUtf8(p.readAllStandardOutput());
            // FFmpeg's AVI demuxer also hands over the cut last frame, which decodes as a damaged
            // image; it is not a frame the video holds.
            const bool exact = decoded.contains(QStringLiteral("decoded %1\n").arg(*cut));
            const bool plusCutFrame =
                QString(name).endsWith(".avi") && decoded.contains(QStringLiteral("decoded %1\n").arg(*cut + 1));
            QVERIFY2(exact || plusCutFrame, qPrintable(name + (": " + decoded)));
        }
        QVERIFY(!countVideoFrames(fs::path(INSOLEPOSE_DEMO_SESSION) / "session.json").has_value());
    }

    void cameraStreamEndsAtItsLastTimestamp()
    {
        // The demo's H.264 .mp4: its frame count is read from the container.
        const fs::path demo = INSOLEPOSE_DEMO_SESSION;
        const Session full = openSession(demo);
        QVERIFY2(full.warnings().empty(), qPrintable(allWarnings(full)));
        const std::size_t frames = full.cameras().at(0).frames.size();
        QCOMPARE(countVideoFrames(demo / "cameras" / "cam0.mp4"), std::optional<std::int64_t>(std::int64_t(frames)));

        const fs::path dir = freshSession();
        fs::create_directories(dir / "cameras");
        fs::copy_file(demo / "cameras" / "cam0.mp4", dir / "cameras" / "cam0.mp4");
        std::vector<TimeNs> t;
        for (std::size_t i = 0; i < frames / 2; ++i)
            t.push_back(TimeNs(i) * kNsPerSecond / 30);
        writeTimes(dir / "cameras" / "cam0_timestamps.npy", t);
        const Session s = openSession(dir);
        const CameraStream& cam = s.cameras().at(0);
        QVERIFY2(anyWarningContains(s, QStringLiteral("the %1 later frames are not shown").arg(frames - frames / 2)),
                 qPrintable(allWarnings(s)));
        QCOMPARE(cam.end_ns(), t.back());
        QCOMPARE(*cam.frameAt(t.back()), t.size() - 1);
        // A frame is shown for one frame interval at most: no stale frame after the stream's end.
        const TimeNs interval = kNsPerSecond / 30;
        QCOMPARE(*cam.frameAt(t.back() + interval - 1'000'000), t.size() - 1);
        QVERIFY(!cam.frameAt(t.back() + interval + 1'000'000).has_value());
        QVERIFY(!cam.frameAt(t.back() + 100 * kNsPerSecond).has_value());
        QCOMPARE(*cam.frameAt(-1), std::size_t(0)); // just before the first frame: the first frame
        QVERIFY(!cam.frameAt(-interval - 1'000'000).has_value());
        QCOMPARE(*cam.frameAt(t[3] + 1), std::size_t(3));
        // Repair leaves the video and its timestamps alone: nothing of them can be cut.
        const Session r = openSession(dir, {.repairOnDisk = true});
        QVERIFY(r.repairs().empty());
        QCOMPARE(rowsOnDisk(dir / "cameras" / "cam0_timestamps.npy"), t.size());
    }

    void duplicateTimesAndSaturatedReadingsWarn()
    {
        const fs::path dir = freshSession();
        std::vector<TimeNs> t;
        for (std::size_t i = 0; i < kRightFrames; ++i)
            t.push_back(TimeNs(i / 2) * 71 * kNsPerMs); // pairs of equal times: 7 duplicates
        writeTimes(dir / "tactile_right_timestamps.npy", t);
        std::vector<std::uint16_t> raw(kLeftFrames * 660, 100);
        raw[2 * 660 + 5] = 65535;
        raw[2 * 660 + 6] = 65535;
        raw[9 * 660] = 4096;
        writeNpy(dir / "tactile_left.npy", DType::U16, {kLeftFrames, 30, 22}, raw.data());
        // A plain open does not read every page; the scan is asked for.
        QVERIFY(!anyWarningContains(openSession(dir), "exceed the 12-bit range"));
        const Session s = openSession(dir, {.checkReadings = true});
        QVERIFY2(anyWarningContains(s, "tactile_right_timestamps.npy: 7 duplicate timestamps"),
                 qPrintable(allWarnings(s)));
        QVERIFY2(
            anyWarningContains(s, "tactile_left.npy: 3 readings in 2 frames exceed the 12-bit range (largest 65535"),
            qPrintable(allWarnings(s)));
        QCOMPARE(s.tactile(Foot::Left).raw(2)[5], std::uint16_t(65535)); // reported, not altered
    }

    void badLabelTypesAndCameraJsonWarn()
    {
        const fs::path dir = freshSession();
        QJsonObject seg{{"start_ns", "0"}, {"end_ns", "10"}, {"label", "squat"}, {"annotator", 5}};
        QJsonObject track{{"name", "actions"}, {"vocabulary", "squat"}, {"segments", QJsonArray{seg}}};
        writeJsonAtomically(dir / "labels.json", QJsonObject{{"tracks", QJsonArray{track, 7}}});
        fs::create_directories(dir / "cameras");
        fs::copy_file(fs::path(INSOLEPOSE_DEMO_SESSION) / "cameras" / "cam0.mp4", dir / "cameras" / "cam0.mp4");
        fs::copy_file(fs::path(INSOLEPOSE_DEMO_SESSION) / "cameras" / "cam0_timestamps.npy",
                      dir / "cameras" / "cam0_timestamps.npy");
        QJsonObject cam = readJsonObject(fs::path(INSOLEPOSE_DEMO_SESSION) / "cameras" / "cam0.json");
        cam["intrinsic"] = "718.7";
        writeJsonAtomically(dir / "cameras" / "cam0.json", cam);
        const Session s = openSession(dir);
        const QString all = allWarnings(s);
        QVERIFY2(all.contains("labels.json: track 'actions': field 'vocabulary' is not an array"), qPrintable(all));
        QVERIFY2(all.contains("labels.json: track 'actions' segment 0: field 'annotator' is not a string"),
                 qPrintable(all));
        QVERIFY2(all.contains("labels.json: track 1 is not an object"), qPrintable(all));
        QVERIFY2(all.contains("cameras/cam0.json: field 'intrinsic' is not a 3x3 or 4x4 array"), qPrintable(all));
        QVERIFY(s.cameras().at(0).parameters.isEmpty());
        QCOMPARE(s.labelTracks().at(0).segments().size(), std::size_t(1)); // the segment itself is kept
    }

    void oneBadSegmentKeepsTheRest()
    {
        const fs::path dir = freshSession();
        QJsonObject track = openSession(dir).labelTracks().at(0).toJson();
        QJsonArray segs = track["segments"].toArray();
        segs.insert(1, QJsonObject{{"start_ns", "900"}, {"end_ns", "100"}, {"label", "lunge"}});
        segs.append(QJsonObject{{"start_ns", 1e300}, {"end_ns", "5"}, {"label", "lunge"}});
        track["segments"] = segs;
        writeJsonAtomically(dir / "labels.json", QJsonObject{{"schema_version", 1}, {"tracks", QJsonArray{track}}});
        const Session s = openSession(dir);
        const QString all = allWarnings(s);
        QCOMPARE(s.labelTracks().at(0).segments().size(), std::size_t(2)); // both good ones
        QVERIFY2(all.contains("labels.json: track 'actions' segment 1: ('lunge') end_ns 100 is not after start_ns 900"),
                 qPrintable(all));
        QVERIFY2(all.contains("labels.json: track 'actions' segment 3: field 'start_ns' is missing or not an integer"),
                 qPrintable(all));
        // Saving the labels (as the studio does) keeps the unreadable segments in the file.
        writeLabelTracks(dir, s.labelTracks());
        QCOMPARE(readJsonObject(dir / "labels.json")["tracks"].toArray()[0].toObject()["segments"].toArray().size(), 4);
    }

    void offsetsAndTimesThatWouldOverflowAreRejected()
    {
        const fs::path dir = freshSession();
        QJsonObject j = readJsonObject(dir / "session.json");
        j["sync_offsets_ns"] = QJsonObject{{"tactile_left", "9223372036854775000"}};
        writeJsonAtomically(dir / "session.json", j);
        QString e = errorOf<FormatError>(dir);
        QVERIFY2(e.contains("sync_offsets_ns.tactile_left") && e.contains("9223372036854775000") && e.contains("1e6 s"),
                 qPrintable(e));
        j["sync_offsets_ns"] = QJsonObject{{"keypoints_gt", 1e300}};
        writeJsonAtomically(dir / "session.json", j);
        e = errorOf<FormatError>(dir);
        QVERIFY2(e.contains("sync_offsets_ns.keypoints_gt"), qPrintable(e));

        // An offset within the limit but timestamps near the int64 end: rejected, naming the file.
        j["sync_offsets_ns"] = QJsonObject{{"tactile_right", "5000000000"}};
        writeJsonAtomically(dir / "session.json", j);
        std::vector<TimeNs> t(kRightFrames);
        for (std::size_t i = 0; i < t.size(); ++i)
            t[i] = std::numeric_limits<TimeNs>::max() - 1000 + TimeNs(i);
        writeTimes(dir / "tactile_right_timestamps.npy", t);
        e = errorOf<FormatError>(dir);
        QVERIFY2(e.contains("tactile_right_timestamps.npy") && e.contains("9223372036854774807"), qPrintable(e));

        // Accepted extremes: queries from any time never overflow.
        j["sync_offsets_ns"] = QJsonObject{{"tactile_left", QString::number(-kMaxSyncOffset_ns)}};
        writeJsonAtomically(dir / "session.json", j);
        for (std::size_t i = 0; i < t.size(); ++i)
            t[i] = TimeNs(i) * 71 * kNsPerMs;
        writeTimes(dir / "tactile_right_timestamps.npy", t);
        const Session s = openSession(dir);
        const auto& left = s.tactile(Foot::Left);
        QCOMPARE(left.timeAt(0), -kMaxSyncOffset_ns);
        QCOMPARE(*left.latestAt(std::numeric_limits<TimeNs>::max()), kLeftFrames - 1);
        QVERIFY(!left.latestAt(std::numeric_limits<TimeNs>::min()).has_value());
        const auto [t0, t1] = s.timeRange();
        QVERIFY(t0 < t1);
    }
};

QTEST_GUILESS_MAIN(TestSessionStore)
#include "test_session_store.moc"
