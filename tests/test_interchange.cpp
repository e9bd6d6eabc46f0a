// Interchange (issue 13): XRMoCap keypoints and CSV into sessions, the authors' dataset layout in
// and out, automatic sync on synthetic sessions with known offsets, and bad input.
#include "insolepose/Error.h"
#include "insolepose/Json.h"
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/VideoFrameCount.h"
#include "insolepose/interchange/AttachVideo.h"
#include "insolepose/interchange/AuthorsLayout.h"
#include "insolepose/interchange/Dataset.h"
#include "insolepose/interchange/GroundTruthImport.h"
#include "insolepose/interchange/KeypointExport.h"
#include "insolepose/interchange/NpzReader.h"
#include "insolepose/interchange/StreamSync.h"
#include "insolepose/media/VideoReader.h"
#include "insolepose/synth/SynthDataset.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

using namespace insolepose;
using namespace insolepose::interchange;
namespace fs = std::filesystem;

namespace {

/// Runs a Python snippet with numpy; `dir` is passed as sys.argv[1].
bool runPython(const QString& code, const fs::path& dir)
{
    QProcess p;
    p.start(QStringLiteral(INSOLEPOSE_NUMPY_PYTHON), {"-c", code, QString::fromStdString(dir.string())});
    p.waitForFinished(60000);
    if (p.exitCode() != 0)
        qWarning() << p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

/// XRMoCap's exact layout: np.savez_compressed(keypoints (F, P, 133, 4), mask (F, P, 133) uint8,
/// convention 0-d string). Person p, frame f, coco_wholebody index j holds (f, p, j) / 100 and a
/// score of 1; person 1 has index 9 (left wrist) masked in frame 2 and a NaN nose in frame 3.
const char* kXrMocapScript = R"(
import sys, numpy as np
F, P, K = 5, 2, 133
f, p, j = np.meshgrid(np.arange(F), np.arange(P), np.arange(K), indexing='ij')
kp = np.stack([f / 100.0, p / 100.0, j / 100.0, np.ones_like(f, dtype=float)], axis=-1).astype(np.float32)
mask = np.ones((F, P, K), dtype=np.uint8)
mask[2, 1, 9] = 0
kp[3, 1, 0, 0] = np.nan
np.savez_compressed(sys.argv[1] + '/kp.npz', keypoints=kp, mask=mask, convention=np.array('coco_wholebody'))
np.savez_compressed(sys.argv[1] + '/coco.npz', keypoints=kp[:, :, :17], mask=mask[:, :, :17], convention=np.array('coco'))
np.savez_compressed(sys.argv[1] + '/kps.npz', keypoints=kp[:, :, :100], mask=mask[:, :, :100], convention=np.array('coco_wholebody'))
np.savez_compressed(sys.argv[1] + '/badmask.npz', keypoints=kp, mask=mask[:4], convention=np.array('coco_wholebody'))
)";

void expectError(const std::function<void()>& f, const QStringList& words)
{
    try {
        f();
    } catch (const Error& e) {
        for (const QString& w : words)
            QVERIFY2(QString::fromStdString(e.what()).contains(w), e.what());
        return;
    }
    QFAIL("no error");
}

/// A synthetic session (no video) of `action` for `seconds`.
fs::path synthSession(const fs::path& dir, synth::Action action, double seconds, std::uint32_t seed)
{
    synth::SynthOptions o;
    o.video = false;
    o.cameras = 0;
    const synth::MotionTimeline timeline(synth::makeSubject(seed, 0), {{action, seconds}}, seed);
    synth::writeSynthSession(dir, dir.filename().string(), timeline, o, seed);
    return dir;
}

void setOffset(const fs::path& dir, const std::string& stream, TimeNs offset_ns)
{
    SessionMetadata meta = openSession(dir).metadata();
    std::erase_if(meta.syncOffsets_ns, [&](const auto& p) { return p.first == stream; });
    meta.syncOffsets_ns.emplace_back(stream, offset_ns);
    writeMetadata(dir, meta);
}

constexpr double kNotFound = 1e9;

/// A synthetic session with one camera that starts with a sync gesture, then `action`.
fs::path gestureSession(const fs::path& dir, synth::SyncGesture gesture, synth::Action action, std::uint32_t seed)
{
    synth::SynthOptions o;
    o.cameras = 1;
    const synth::MotionTimeline timeline(synth::makeSubject(seed, 0), {{action, 4.0}}, seed, gesture);
    synth::writeSynthSession(dir, dir.filename().string(), timeline, o, seed);
    return dir;
}

/// Injects each offset into `stream` and returns the estimate errors (seconds, kNotFound when
/// nothing was found): the estimate should undo the injected offset.
std::vector<double> injectedErrors(const fs::path& dir, const std::string& stream, const std::vector<double>& offsets_s,
                                   const std::function<SyncEstimate(const Session&)>& estimate)
{
    std::vector<double> errors;
    for (double injected : offsets_s) {
        setOffset(dir, stream, secondsToNs(injected));
        const SyncEstimate e = estimate(openSession(dir));
        errors.push_back(e.found ? e.offset_s + injected : kNotFound);
        qInfo("%s offset %+.3f s: %s %+.4f s, correlation %.2f (%s)", stream.c_str(), injected,
              e.found ? "error" : "NOT FOUND, peak at", e.offset_s + injected, e.correlation, e.note.c_str());
    }
    setOffset(dir, stream, 0);
    return errors;
}

/// Prints the distribution of |errors| and returns the share within `bound_s`.
double shareWithin(std::vector<double> errors, double bound_s, const char* what)
{
    for (double& e : errors)
        e = std::abs(e);
    std::sort(errors.begin(), errors.end());
    const auto within = std::count_if(errors.begin(), errors.end(), [&](double e) { return e <= bound_s; });
    qInfo("%s: %zu trials, %lld within %.4f s; |error| median %.4f s, 95th %.4f s, max %.4f s", what, errors.size(),
          (long long)within, bound_s, errors[errors.size() / 2],
          errors[std::min(errors.size() - 1, errors.size() * 95 / 100)], errors.back());
    return double(within) / double(errors.size());
}

/// An MP4 box found by path ("moov/trak/mdia/minf/stbl/stts"): offsets of it and its ancestors.
struct Mp4Box {
    std::vector<std::size_t> chain; ///< Offsets of the ancestors and the box (32-bit sizes).
    std::size_t at = 0, size = 0;
};

std::uint32_t be32(const std::vector<char>& b, std::size_t at)
{
    return std::uint32_t(std::uint8_t(b[at])) << 24 | std::uint32_t(std::uint8_t(b[at + 1])) << 16 |
           std::uint32_t(std::uint8_t(b[at + 2])) << 8 | std::uint32_t(std::uint8_t(b[at + 3]));
}

void putBe32(std::vector<char>& b, std::size_t at, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        b[at + std::size_t(i)] = char(v >> (24 - 8 * i));
}

/// The first box at `path` below [from, to), descending only into the named boxes.
std::optional<Mp4Box> findBox(const std::vector<char>& b, std::size_t from, std::size_t to, const std::string& path,
                              std::vector<std::size_t> chain = {})
{
    const std::string head = path.substr(0, path.find('/'));
    for (std::size_t at = from; at + 8 <= to;) {
        const std::size_t size = be32(b, at);
        if (size < 8 || at + size > to)
            return std::nullopt;
        if (std::string(b.data() + at + 4, 4) == head) {
            chain.push_back(at);
            if (head == path)
                return Mp4Box{chain, at, size};
            if (auto found = findBox(b, at + 8, at + size, path.substr(head.size() + 1), chain))
                return found;
            chain.pop_back();
        }
        at += size;
    }
    return std::nullopt;
}

} // namespace

class TestInterchange : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void xrmocapExactLayoutImports();
    void xrmocapBadInputLeavesNothing();
    void csvImportsAndChecks();
    void groundTruthAddedToExistingSession();
    void syncRecoversKnownOffsets();
    void authorsLayoutRoundTrip();
    void authorsLayoutBadInput();
    void syncCommandPrintsAndApplies();
    void attachVideoReadsContainerTimes();
    void datasetListsFiltersAndSplits();
    void attachVideoStopsAtDamage();
    void attachVideoKeepsVariableFrameTimes();
    void importCommandsReportErrors();
    void matroskaTimestamps();
    void syncCameraFromGesture();
    void syncCameraFarOff();
    void syncRightInsole();
    void keypointExportRoundTrips();
    void syncCommandPlacesCameraAndRightInsole();
    void attachVideoDelayedByEmptyEdit();
    void attachVideoTrimmedByEditList();
    void attachVideoWithoutEditList();
    void trimmedVideoOpensWithPresentedFrameCount();
    void videoReaderReadsPresentedFrames_data();
    void videoReaderReadsPresentedFrames();
};

void TestInterchange::xrmocapExactLayoutImports()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    QVERIFY(runPython(kXrMocapScript, dir));
    const GroundTruth gt = readXrMocapKeypoints(dir / "kp.npz", {50.0, 2.0}, 1);
    QCOMPARE(gt.poses.size(), std::size_t(5));
    QCOMPARE(gt.personCount, std::size_t(2));
    QCOMPARE(gt.convention, std::string("coco_wholebody"));
    QCOMPARE(gt.missingKeypoints, std::size_t(2));
    addGroundTruth(dir / "session", gt);
    const Session s = openSession(dir / "session");
    QCOMPARE(s.groundTruth().size(), std::size_t(5));
    QCOMPARE(s.groundTruth().timeAt(0), 2 * kNsPerSecond);
    QCOMPARE(s.groundTruth().timeAt(4), 2 * kNsPerSecond + 80 * kNsPerMs);
    const Pose p4 = s.groundTruth().pose(4);
    for (std::size_t k = 0; k < kKeypointCount; ++k) {
        const float j = float(cocoWholebodyIndex(Keypoint(k))) / 100.0f;
        QVERIFY(p4[k].isApprox(Eigen::Vector3f(0.04f, 0.01f, j)));
    }
    QVERIFY(std::isnan(s.groundTruth().pose(2)[std::size_t(Keypoint::LeftWrist)].x())); // coco_wholebody 9
    QVERIFY(std::isnan(s.groundTruth().pose(3)[std::size_t(Keypoint::Nose)].x()));
    QVERIFY(!std::isnan(s.groundTruth().pose(3)[std::size_t(Keypoint::LeftWrist)].x()));
}

void TestInterchange::xrmocapBadInputLeavesNothing()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    QVERIFY(runPython(kXrMocapScript, dir));
    const FrameClock clock{30.0, 0.0};
    expectError([&] { readXrMocapKeypoints(dir / "coco.npz", clock); }, {"coco.npz", "convention 'coco'"});
    expectError([&] { readXrMocapKeypoints(dir / "kps.npz", clock); }, {"kps.npz", "100 keypoints"});
    expectError([&] { readXrMocapKeypoints(dir / "badmask.npz", clock); }, {"badmask.npz", "'mask'", "shape"});
    expectError([&] { readXrMocapKeypoints(dir / "kp.npz", clock, 2); }, {"kp.npz", "person 2", "holds 2"});
    const auto size = fs::file_size(dir / "kp.npz");
    fs::copy_file(dir / "kp.npz", dir / "cut.npz");
    fs::resize_file(dir / "cut.npz", size / 2);
    expectError([&] { readXrMocapKeypoints(dir / "cut.npz", clock); }, {"cut.npz", "truncated"});
    // An archive whose only entry is empty (stored, 0 bytes): named, not undefined behaviour.
    QVERIFY(runPython("import sys, zipfile\n"
                      "with zipfile.ZipFile(sys.argv[1] + '/empty.npz', 'w') as z: z.writestr('keypoints.npy', b'')\n",
                      dir));
    expectError([&] { readXrMocapKeypoints(dir / "empty.npz", clock); }, {"empty.npz", "'keypoints'", "not a .npy"});
    // A failing import writes nothing: no session folder, no temporary folder.
    expectError([&] { addGroundTruth(dir / "new", GroundTruth{}); }, {"no keypoint frames"});
    QVERIFY(!fs::exists(dir / "new"));
    for (const auto& e : fs::directory_iterator(dir))
        QVERIFY2(e.path().filename().string().find("importing") == std::string::npos, e.path().c_str());
}

void TestInterchange::csvImportsAndChecks()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    std::string header = "time_s";
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        for (const char* c : {"x", "y", "z"})
            header += "," + std::string(keypointName(k)) + "_" + c;
    {
        std::ofstream csv(dir / "kp.csv");
        csv << header << "\n";
        for (int f = 0; f < 3; ++f) {
            csv << 0.5 * f;
            for (std::size_t k = 0; k < kKeypointCount * 3; ++k)
                csv << "," << ((f == 1 && k < 3) ? std::string("nan") : std::to_string(0.01 * double(k) + f));
            csv << "\n";
        }
        std::ofstream bad(dir / "bad.csv");
        bad << header << "\n0.0" << std::string(kKeypointCount * 3, ',') << "\n0.1,abc"
            << std::string(kKeypointCount * 3 - 1, ',') << "\n";
    }
    const GroundTruth gt = readKeypointsCsv(dir / "kp.csv", {});
    QCOMPARE(gt.poses.size(), std::size_t(3));
    QCOMPARE(gt.times_ns[2], kNsPerSecond);
    QCOMPARE(gt.missingKeypoints, std::size_t(1));
    QVERIFY(std::isnan(gt.poses[1][0].x()));
    QVERIFY(gt.poses[2][18].isApprox(Eigen::Vector3f(2.54f, 2.55f, 2.56f)));
    expectError([&] { readKeypointsCsv(dir / "bad.csv", {}); }, {"bad.csv", "line 3", "column 2", "abc"});
}

void TestInterchange::groundTruthAddedToExistingSession()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    {
        SessionWriter w(dir / "s", {});
        for (std::uint32_t i = 0; i < 4; ++i) {
            TactileFrame f;
            f.hostTime_ns = TimeNs(i) * 70 * kNsPerMs;
            f.sequence = i;
            f.raw_adc.assign(std::size_t(kModelGrid.cellCount()), std::uint16_t(100 + i));
            w.appendTactile(f);
        }
        w.close();
    }
    GroundTruth gt;
    for (int i = 0; i < 6; ++i) {
        Pose p;
        p.fill(Eigen::Vector3f(0.1f * float(i), 0, 1));
        gt.poses.push_back(p);
        gt.times_ns.push_back(FrameClock{30.0, 0.0}.timeOf(std::size_t(i)));
    }
    addGroundTruth(dir / "s", gt);
    Session s = openSession(dir / "s");
    QCOMPARE(s.groundTruth().size(), std::size_t(6));
    QCOMPARE(s.tactile(Foot::Left).size(), std::size_t(4));
    expectError([&] { addGroundTruth(dir / "s", gt); }, {"keypoints_gt.npy", "already has ground truth"});
    gt.poses.resize(2);
    gt.times_ns.resize(2);
    addGroundTruth(dir / "s", gt, true);
    QCOMPARE(openSession(dir / "s").groundTruth().size(), std::size_t(2));
}

void TestInterchange::syncRecoversKnownOffsets()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    const double frame_s = 1.0 / 14.0; // one tactile frame
    // INSOLEPOSE_SYNC_TRIALS=1 runs the full measurement of docs/IMPORT.md (every action, 3
    // subjects, 10 offsets); the default is a few trials on walking, squat, lunge and warm-up.
    const bool full = qEnvironmentVariableIsSet("INSOLEPOSE_SYNC_TRIALS");
    std::vector<synth::Action> actions = {synth::Action::Walking, synth::Action::Squat, synth::Action::Lunge,
                                          synth::Action::WarmUp};
    if (full)
        actions.assign(synth::allActions().begin(), synth::allActions().end());
    const int seeds = full ? 3 : 1;
    const std::vector<double> offsets =
        full ? std::vector<double>{-1.5, -0.913, -0.4, -0.1337, 0.0, 0.0521, 0.27, 0.6042, 1.1, 1.7}
             : std::vector<double>{-0.7, 0.0, 0.3312};
    std::vector<double> absErr;
    for (synth::Action a : actions) {
        for (int seed = 1; seed <= seeds; ++seed) {
            const fs::path s = synthSession(dir / (std::string(synth::actionName(a)) + std::to_string(seed)), a, 20.0,
                                            std::uint32_t(seed * 31 + int(a)));
            qInfo("sync %s seed %d", synth::actionName(a).data(), seed);
            const std::vector<double> e = injectedErrors(s, "keypoints_gt", offsets,
                                                         [](const Session& x) { return estimateGroundTruthOffset(x); });
            if (a == synth::Action::WarmUp) { // only the arms move: nothing to match, must say so
                for (double err : e)
                    QCOMPARE(err, kNotFound);
                continue;
            }
            for (double err : e)
                absErr.push_back(std::abs(err));
        }
    }
    std::sort(absErr.begin(), absErr.end());
    const auto within = std::count_if(absErr.begin(), absErr.end(), [&](double e) { return e <= frame_s; });
    qInfo("sync: %zu trials, %lld within one tactile frame; |error| median %.4f s, 95th %.4f s, max %.4f s",
          absErr.size(), (long long)within, absErr[absErr.size() / 2],
          absErr[std::min(absErr.size() - 1, absErr.size() * 95 / 100)], absErr.back());
    QVERIFY(double(within) >= 0.95 * double(absErr.size()));
}

namespace {

/// An authors' folder of `n` rows: raw 32 x 32 frames whose reading at (row, col) of frame t is
/// t * 100 + row * 32 + col (so crops are checkable), keypoints t + k / 100.
void writeAuthorsFolder(const fs::path& dir, std::size_t n, std::size_t rightRows)
{
    fs::create_directories(dir);
    std::vector<std::uint16_t> frames(n * 32 * 32);
    for (std::size_t i = 0; i < frames.size(); ++i)
        frames[i] = std::uint16_t((i / 1024) * 100 + i % 1024);
    std::vector<float> kp(n * kKeypointCount * 3);
    for (std::size_t i = 0; i < kp.size(); ++i)
        kp[i] = float(i / (kKeypointCount * 3)) + float(i % (kKeypointCount * 3)) / 100.0f;
    writeNpy(dir / "tactile_left.npy", DType::U16, {n, 32, 32}, frames.data());
    writeNpy(dir / "tactile_right.npy", DType::U16, {rightRows, 32, 32}, frames.data());
    writeNpy(dir / "keypoints.npy", DType::F32, {n, kKeypointCount, 3}, kp.data());
}

std::vector<char> fileBytes(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

QJsonObject runCli(const QStringList& args, int& rc)
{
    QProcess p;
    p.start(QStringLiteral(INSOLEPOSE_CLI), args);
    p.waitForFinished(60000);
    rc = p.exitCode();
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

} // namespace

void TestInterchange::authorsLayoutRoundTrip()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    writeAuthorsFolder(dir / "S1Walking", 12, 12);
    const AuthorsImportReport r = importAuthorsFolder(dir / "S1Walking", dir / "session", {14.0, 0.0, {1, 5, true}});
    QCOMPARE(r.frames, std::size_t(12));
    QCOMPARE(r.frameGrid, (GridSize{32, 32}));
    QCOMPARE(r.subject, std::string("S1"));
    QCOMPARE(r.action, std::string("Walking"));
    const Session s = openSession(dir / "session");
    QCOMPARE(s.tactile(Foot::Right).size(), std::size_t(12));
    QCOMPARE(s.tactile(Foot::Left).timeAt(7), (FrameClock{14.0, 0.0}.timeOf(7)));
    // Row 0, column 0 of the insole is raw row 1, column 5 + 21 (mirrored); frame 3 adds 300.
    QCOMPARE(s.tactile(Foot::Left).raw(3)[0], std::uint16_t(300 + 1 * 32 + 26));
    QCOMPARE(s.tactile(Foot::Left).raw(3)[22 * 29 + 21], std::uint16_t(300 + 30 * 32 + 5));
    QCOMPARE(s.metadata().subjectId, std::string("S1"));
    QCOMPARE(s.labelTracks().at(0).segments().at(0).label, std::string("walking"));
    QVERIFY(s.groundTruth().pose(5)[2].isApprox(Eigen::Vector3f(5.06f, 5.07f, 5.08f)));

    // Export, re-import the export, export again: the same frames, byte for byte.
    const AuthorsExportReport e = exportAuthorsFolder(s, dir / "export" / "S1Walking");
    QCOMPARE(e.frames, std::size_t(12));
    QVERIFY(std::abs(e.rate_hz - 14.0) < 1e-6);
    importAuthorsFolder(dir / "export" / "S1Walking", dir / "session2", {14.0, 0.0, {}});
    exportAuthorsFolder(openSession(dir / "session2"), dir / "again");
    for (const char* f : {"tactile_left.npy", "tactile_right.npy", "keypoints.npy"})
        QVERIFY2(fileBytes(dir / "export" / "S1Walking" / f) == fileBytes(dir / "again" / f), f);
    NpyArray left = NpyArray::open(dir / "again" / "tactile_left.npy");
    left.expect(DType::U16, {30, 22});
    QCOMPARE(left.values<std::uint16_t>()[660 * 3], std::uint16_t(300 + 32 + 26));
}

void TestInterchange::authorsLayoutBadInput()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    writeAuthorsFolder(dir / "S2Squat", 10, 9);
    expectError([&] { importAuthorsFolder(dir / "S2Squat", dir / "out", {}); },
                {"S2Squat", "tactile_left.npy has 10", "tactile_right.npy 9", "keypoints.npy 10"});
    QVERIFY(!fs::exists(dir / "out"));
    std::vector<std::uint16_t> odd(4 * 32 * 22, 1);
    writeNpy(dir / "S2Squat" / "tactile_right.npy", DType::U16, {4, 32, 22}, odd.data());
    expectError([&] { importAuthorsFolder(dir / "S2Squat", dir / "out", {}); }, {"tactile_right.npy", "32 x 22"});
    writeAuthorsFolder(dir / "S3Lunge", 4, 4);
    std::vector<float> nan(4 * 32 * 32, std::numeric_limits<float>::quiet_NaN());
    writeNpy(dir / "S3Lunge" / "tactile_left.npy", DType::F32, {4, 32, 32}, nan.data());
    expectError([&] { importAuthorsFolder(dir / "S3Lunge", dir / "out", {}); }, {"tactile_left.npy", "nan", "0..4095"});
    writeAuthorsFolder(dir / "S3Lunge", 4, 4);
    fs::remove(dir / "S3Lunge" / "keypoints.npy");
    expectError([&] { importAuthorsFolder(dir / "S3Lunge", dir / "out", {}); }, {"keypoints.npy", "missing"});
    QVERIFY(!fs::exists(dir / "out"));
}

void TestInterchange::syncCommandPrintsAndApplies()
{
    QTemporaryDir tmp;
    const fs::path dir = synthSession(fs::path(tmp.path().toStdString()) / "walk", synth::Action::Walking, 15.0, 5);
    setOffset(dir, "keypoints_gt", secondsToNs(0.4));
    const QString session = QString::fromStdString(dir.string());
    int rc = -1;
    const QJsonObject first = runCli({"sync", session, "--apply"}, rc);
    QCOMPARE(rc, 0);
    const double found = first["offsets_s"].toObject()["keypoints_gt"].toDouble(99);
    QVERIFY2(std::abs(found + 0.4) < 1.0 / 14.0, qPrintable(QString::number(found)));
    QVERIFY(first["applied"].toBool());
    QVERIFY(std::abs(nsToSeconds(openSession(dir).metadata().syncOffset("keypoints_gt")) - (0.4 + found)) < 1e-6);
    const QJsonObject second = runCli({"sync", session}, rc);
    QVERIFY(std::abs(second["offsets_s"].toObject()["keypoints_gt"].toDouble(99)) < 0.006);
    runCli({"sync", session + "/nothing-here"}, rc);
    QCOMPARE(rc, 1);
}

void TestInterchange::attachVideoReadsContainerTimes()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    synth::SynthOptions o;
    o.videoWidth = 160;
    o.videoHeight = 120;
    const synth::MotionTimeline timeline(synth::makeSubject(3, 0), {{synth::Action::Squat, 3.0}}, 3);
    synth::writeSynthSession(dir / "filmed", "filmed", timeline, o, 3);
    const Session filmed = openSession(dir / "filmed");
    const CameraStream& cam = filmed.cameras().at(0);
    writeAuthorsFolder(dir / "S1Squat", 20, 20);
    importAuthorsFolder(dir / "S1Squat", dir / "s", {});

    const fs::path params = cam.videoPath.parent_path() / (cam.name + ".json");
    {
        std::ofstream bad(dir / "bad.json");
        bad << R"({"intrinsic": [[1, 0, 0], [0, 1, 0]], "extrinsic_r": [[1,0,0],[0,1,0],[0,0,1]], "extrinsic_t": [0,0,0]})";
    }
    expectError(
        [&] {
            attachVideo(dir / "s", cam.videoPath, {1.5, "phone", dir / "bad.json"});
        },
        {"bad.json", "'intrinsic'"});
    QVERIFY(openSession(dir / "s").cameras().empty());
    const AttachReport r = attachVideo(dir / "s", cam.videoPath, {1.5, "phone", params});
    QCOMPARE(r.frames, std::size_t(cam.videoFrames));
    QVERIFY(!r.damagedAtFrame);
    QVERIFY(!r.variableRate);
    QVERIFY2(r.timing.find("MP4") != std::string::npos, r.timing.c_str());
    const Session s = openSession(dir / "s");
    QCOMPARE(s.cameras().size(), std::size_t(1));
    const CameraStream& phone = s.cameras()[0];
    QCOMPARE(phone.name, std::string("phone"));
    QCOMPARE(phone.parameters, cam.parameters); // the overlay can project into it
    QCOMPARE(phone.frames.size(), r.frames);
    for (std::size_t i = 0; i < r.frames; ++i) // the synthetic camera's own timestamps, shifted
        QVERIFY(std::abs((phone.frames.timeAt(i) - 1500 * kNsPerMs) - (cam.frames.timeAt(i) - cam.frames.timeAt(0))) <
                kNsPerMs);
    expectError([&] { attachVideo(dir / "s", cam.videoPath, {0.0, "phone", {}}); }, {"phone", "already has a camera"});

    {
        std::ofstream text(dir / "notes.mp4");
        text << "this is not a video\n";
    }
    expectError([&] { attachVideo(dir / "s", dir / "notes.mp4", {}); }, {"notes.mp4"});
    QVERIFY(!fs::exists(dir / "s" / "cameras" / "notes.mp4"));
    QCOMPARE(openSession(dir / "s").cameras().size(), std::size_t(1));
}

void TestInterchange::datasetListsFiltersAndSplits()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    synth::SynthOptions o;
    o.subjects = 3;
    o.actions = {synth::Action::Walking, synth::Action::Squat};
    o.minutesPerAction = 0.05;
    o.video = false;
    o.cameras = 0;
    synth::writeSynthDataset(dir / "data", o);
    // One more session: no labels, no ground truth, a stuck taxel and two lost frames.
    {
        SessionWriter w(dir / "data" / "extra", {});
        for (std::uint32_t i = 0; i < 6; ++i) {
            for (Foot foot : kFeet) {
                TactileFrame f;
                f.foot = foot;
                f.hostTime_ns = TimeNs(i) * 70 * kNsPerMs;
                f.sequence = i < 3 ? i : i + 2;
                f.raw_adc.assign(std::size_t(kModelGrid.cellCount()), 0);
                for (std::size_t c = 1; c < f.raw_adc.size(); ++c)
                    f.raw_adc[c] = std::uint16_t((i * 13 + c) % 4000);
                w.appendTactile(f);
            }
        }
        w.close();
    }
    const auto sessions = scanDataset(dir / "data");
    QCOMPARE(sessions.size(), std::size_t(7));
    const SessionSummary& extra = sessions.back();
    QCOMPARE(extra.session, std::string("extra"));
    QCOMPARE(extra.droppedFrames, std::size_t(4)); // two per foot
    QCOMPARE(extra.deadTaxels, std::size_t(2)); // cell 0 of each foot never changes
    QCOMPARE(extra.flags, (std::vector<std::string>{"dead-taxels", "dropped-frames", "no-ground-truth", "unlabelled"}));
    const SessionSummary& first = sessions.front();
    QCOMPARE(first.subject, std::string("S01"));
    QCOMPARE(first.actions.at(0), std::string("squat"));
    QVERIFY(first.labelCoverage > 0.95);
    QVERIFY(first.duration_s > 2.0);
    QVERIFY(first.hasGroundTruth);
    QVERIFY((DatasetFilter{"S02", "walking", 0.5, false}).matches(sessions[3]));
    QVERIFY(!(DatasetFilter{"S02", "squat", 0.5, false}).matches(sessions[3]));
    QVERIFY(!(DatasetFilter{"", "", 0.0, true}).matches(extra));

    const std::vector<SessionSummary> labelled(sessions.begin(), sessions.end() - 1);
    const DatasetSplit bySubject = makeSplit(labelled, {"subjects", SplitBy::Subject, 0.4, 0.3, 3});
    const DatasetSplit byAction = makeSplit(labelled, {"actions", SplitBy::Action, 0.5, 0.0, 3});
    // Every session lands in exactly one part, and a subject's (action's) sessions stay together.
    auto partOf = [](const DatasetSplit& split, const std::string& session) {
        std::string found;
        for (const auto& [part, names] : split)
            if (std::count(names.begin(), names.end(), session))
                found += part;
        return found;
    };
    for (const SessionSummary& a : labelled) {
        QVERIFY(!partOf(bySubject, a.session).empty());
        for (const SessionSummary& b : labelled) {
            if (a.subject == b.subject)
                QCOMPARE(partOf(bySubject, a.session), partOf(bySubject, b.session));
            if (a.actions == b.actions)
                QCOMPARE(partOf(byAction, a.session), partOf(byAction, b.session));
        }
    }
    for (const char* part : {"train", "validation", "test"})
        QCOMPARE(bySubject.at(part).size(), std::size_t(2)); // three subjects: one each
    QVERIFY(byAction.at("validation").empty());
    QCOMPARE(byAction.at("train").size(), std::size_t(3));

    saveDataset(dir / "data", sessions, {{"subjects", bySubject}});
    saveDataset(dir / "data", sessions, {{"actions", byAction}});
    QCOMPARE(readSplit(dir / "data", "subjects"), bySubject); // the first split was kept
    QCOMPARE(readSplit(dir / "data", "actions"), byAction);
    const QJsonObject json = readJsonObject(dir / "data" / "dataset.json");
    QCOMPARE(json["subjects"].toArray().size(), 3); // synth's own keys are kept
    QCOMPARE(json["sessions"].toArray().size(), 7);
    QCOMPARE(json["sessions"].toArray()[6].toObject()["dropped_frames"].toInt(), 4);
    expectError([&] { readSplit(dir / "data", "nope"); }, {"dataset.json", "no split 'nope'", "actions, subjects"});
}

void TestInterchange::attachVideoStopsAtDamage()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    const fs::path avi = dir / "cam.avi";
    {
        cv::VideoWriter w(avi.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25.0, cv::Size(64, 48));
        QVERIFY(w.isOpened());
        for (int i = 0; i < 20; ++i) {
            cv::Mat frame(48, 64, CV_8UC3, cv::Scalar(i * 10, 255 - i * 10, 128));
            cv::putText(frame, std::to_string(i), {8, 30}, cv::FONT_HERSHEY_SIMPLEX, 0.8, {255, 255, 255});
            w.write(frame);
        }
    }
    // Damage frame 12: overwrite its JPEG data (the 13th '00dc' chunk of the AVI) with junk.
    std::vector<char> bytes = fileBytes(avi);
    const std::string text(bytes.begin(), bytes.end());
    std::size_t chunk = text.find("movi");
    for (int frame = 0; frame <= 12 && chunk != std::string::npos; ++frame)
        chunk = text.find("00dc", chunk + 4);
    QVERIFY(chunk > 0);
    const std::uint32_t size =
        std::uint32_t(std::uint8_t(bytes[chunk + 4])) | std::uint32_t(std::uint8_t(bytes[chunk + 5])) << 8;
    for (std::size_t i = chunk + 8; i < chunk + 8 + size && i < bytes.size(); ++i)
        bytes[i] = char(0x5a);
    std::ofstream(avi, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));

    writeAuthorsFolder(dir / "S1Walking", 20, 20);
    importAuthorsFolder(dir / "S1Walking", dir / "s", {});
    const AttachReport r = attachVideo(dir / "s", avi, {0.25, "", {}});
    QCOMPARE(r.camera, std::string("cam"));
    QCOMPARE(r.containerFrames, std::size_t(20));
    QVERIFY(r.damagedAtFrame.has_value());
    QCOMPARE(*r.damagedAtFrame, std::size_t(12));
    QCOMPARE(r.frames, std::size_t(12));
    QVERIFY(std::abs(*r.damagedAt_s - 12 / 25.0) < 1e-6);
    QVERIFY2(r.timing.find("nominal") != std::string::npos, r.timing.c_str());
    const Session s = openSession(dir / "s");
    QCOMPARE(s.cameras().at(0).frames.size(), std::size_t(12)); // playable up to the damage
    QCOMPARE(s.cameras().at(0).frames.timeAt(11), 250 * kNsPerMs + 11 * 40 * kNsPerMs);
}

void TestInterchange::attachVideoKeepsVariableFrameTimes()
{
    // A variable-frame-rate MP4, as phones write them: an MPEG-4 video (no B-frames, so decode order
    // is presentation order) whose sample table is rewritten so that the first 20 frames last one
    // tick of 1/30 s and the last 20 two ticks (30 then 15 frames/s).
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    const fs::path mp4 = dir / "phone.mp4";
    {
        cv::VideoWriter w(mp4.string(), cv::VideoWriter::fourcc('m', 'p', '4', 'v'), 30.0, cv::Size(64, 48));
        QVERIFY(w.isOpened());
        for (int i = 0; i < 40; ++i)
            w.write(cv::Mat(48, 64, CV_8UC3, cv::Scalar(i * 6, 255 - i * 6, 128)));
    }
    std::vector<char> bytes = fileBytes(mp4);
    const auto stts = findBox(bytes, 0, bytes.size(), "moov/trak/mdia/minf/stbl/stts");
    const auto mdhd = findBox(bytes, 0, bytes.size(), "moov/trak/mdia/mdhd");
    QVERIFY(stts && mdhd);
    QVERIFY(!findBox(bytes, 0, bytes.size(), "moov/trak/mdia/minf/stbl/ctts")); // no reordering
    QCOMPARE(be32(bytes, stts->at + 12), 1u); // one entry: 40 samples of one delta
    QCOMPARE(be32(bytes, stts->at + 16), 40u);
    const std::uint32_t tick = be32(bytes, stts->at + 20);
    const double timescale = be32(bytes, mdhd->at + 20); // version 0 mdhd: timescale after two times
    std::vector<char> table(20, 0);
    putBe32(table, 0, 2);
    putBe32(table, 4, 20);
    putBe32(table, 8, tick);
    putBe32(table, 12, 20);
    putBe32(table, 16, 2 * tick);
    const std::size_t grow = table.size() - (stts->size - 12);
    bytes.erase(bytes.begin() + std::ptrdiff_t(stts->at + 12), bytes.begin() + std::ptrdiff_t(stts->at + stts->size));
    bytes.insert(bytes.begin() + std::ptrdiff_t(stts->at + 12), table.begin(), table.end());
    for (std::size_t box : stts->chain)
        putBe32(bytes, box, be32(bytes, box) + std::uint32_t(grow));
    // The track now lasts 60 ticks instead of 40: so say its durations, and its edit list (which
    // FFmpeg obeys: frames past the edit's end would not be shown).
    const auto stretch = [&](const std::string& path, std::size_t field) {
        const auto box = findBox(bytes, 0, bytes.size(), path);
        QVERIFY2(box && bytes[box->at + 8] == 0, path.c_str()); // version 0: 32-bit durations
        putBe32(bytes, box->at + field, be32(bytes, box->at + field) * 3 / 2);
    };
    stretch("moov/mvhd", 24);
    stretch("moov/trak/tkhd", 28);
    stretch("moov/trak/mdia/mdhd", 24);
    stretch("moov/trak/edts/elst", 16);
    // The sample data sits before the moov box (no "fast start"), so no chunk offset moves.
    const auto mdat = findBox(bytes, 0, bytes.size(), "mdat");
    QVERIFY(mdat && mdat->at < stts->chain.front());
    std::ofstream(mp4, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));

    const auto times = mp4FrameTimes(mp4);
    QVERIFY(times.has_value());
    QCOMPARE(times->size(), std::size_t(40));
    for (std::size_t i = 0; i < 40; ++i) {
        const double expected = (i <= 20 ? double(i) : 20.0 + 2.0 * double(i - 20)) * tick / timescale;
        QVERIFY2(std::abs((*times)[i] - expected) < 1e-9,
                 qPrintable(QString("frame %1: %2 s, expected %3 s").arg(i).arg((*times)[i]).arg(expected)));
    }
    writeAuthorsFolder(dir / "S1Walking", 20, 20);
    importAuthorsFolder(dir / "S1Walking", dir / "s", {});
    const AttachReport r = attachVideo(dir / "s", mp4, {0.5, "", {}});
    QVERIFY(r.variableRate);
    QCOMPARE(r.frames, std::size_t(40)); // every frame decodes
    QVERIFY(!r.damagedAtFrame);
    QVERIFY2(r.timing.find("MP4") != std::string::npos, r.timing.c_str());
    const Session attached = openSession(dir / "s");
    const SampleStream& frames = attached.cameras().at(0).frames;
    QCOMPARE(frames.size(), std::size_t(40));
    const double frameMs = 1000.0 * tick / timescale;
    for (std::size_t i = 1; i < 40; ++i) {
        const double stepMs = double(frames.timeAt(i) - frames.timeAt(i - 1)) / double(kNsPerMs);
        QVERIFY2(std::abs(stepMs - (i <= 20 ? frameMs : 2 * frameMs)) < 0.01,
                 qPrintable(QString("frame %1 follows its predecessor after %2 ms").arg(i).arg(stepMs)));
    }
    QVERIFY(std::abs(double(frames.timeAt(0)) - 500.0 * double(kNsPerMs)) < double(kNsPerMs));
}

void TestInterchange::importCommandsReportErrors()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    QVERIFY(runPython(kXrMocapScript, dir));
    const QString d = tmp.path();
    auto run = [](const QStringList& args, QString& err) {
        QProcess p;
        p.start(QStringLiteral(INSOLEPOSE_CLI), args);
        p.waitForFinished(60000);
        err = QString::fromLocal8Bit(p.readAllStandardError());
        return p.exitCode();
    };
    QString err;
    QCOMPARE(run({"import", "xrmocap", d + "/coco.npz", "--session", d + "/s", "--rate", "30"}, err), 1);
    QVERIFY2(err.contains("coco.npz") && err.contains("convention 'coco'"), qPrintable(err));
    QVERIFY(!fs::exists(dir / "s"));
    QCOMPARE(run({"import", "xrmocap", d + "/kp.npz", "--session", d + "/s", "--rate", "nan"}, err), 2);
    QVERIFY2(err.contains("--rate"), qPrintable(err));
    QCOMPARE(run({"import", "xrmocap", d + "/kp.npz", "--session", d + "/s", "--rate", "30", "--person", "1"}, err), 0);
    QCOMPARE(openSession(dir / "s").groundTruth().size(), std::size_t(5));
    QCOMPARE(run({"export", "authors", d + "/s", "--out", d + "/out"}, err), 1);
    QVERIFY2(err.contains("both tactile streams"), qPrintable(err));
    QVERIFY(!fs::exists(dir / "out"));
    QCOMPARE(run({"import", "nonsense", d + "/kp.npz"}, err), 2);
}

void TestInterchange::matroskaTimestamps()
{
    QTemporaryDir tmp;
    const fs::path mkv = fs::path(tmp.path().toStdString()) / "cam.mkv";
    {
        cv::VideoWriter w(mkv.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25.0, cv::Size(64, 48));
        QVERIFY(w.isOpened());
        for (int i = 0; i < 30; ++i)
            w.write(cv::Mat(48, 64, CV_8UC3, cv::Scalar(i * 8, 100, 200)));
    }
    const auto times = matroskaFrameTimes(mkv);
    QVERIFY(times.has_value());
    QCOMPARE(times->size(), std::size_t(30));
    for (std::size_t i = 0; i < times->size(); ++i)
        QVERIFY2(std::abs((*times)[i] - double(i) / 25.0) < 0.0015, qPrintable(QString::number((*times)[i])));
    QVERIFY(!mp4FrameTimes(mkv));
    QVERIFY(!matroskaFrameTimes(fs::path(INSOLEPOSE_SOURCE_DIR) / "README.md"));
}

void TestInterchange::syncCameraFromGesture()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    // INSOLEPOSE_SYNC_TRIALS=1 runs the measurement of docs/IMPORT.md (10 sessions per gesture,
    // walking, squat or lunge after it, 4 offsets each); the default is one session per gesture.
    // The error hardly depends on the injected offset, so sessions count more than offsets.
    const bool full = qEnvironmentVariableIsSet("INSOLEPOSE_SYNC_TRIALS");
    const std::vector<double> offsets =
        full ? std::vector<double>{-1.5, -0.2113, 0.0437, 0.9} : std::vector<double>{-0.4513, 0.0, 0.8};
    const std::vector<synth::Action> actions = {synth::Action::Walking, synth::Action::Squat, synth::Action::Lunge};
    for (synth::SyncGesture g : {synth::SyncGesture::Jump, synth::SyncGesture::Stomp}) {
        std::vector<double> errors;
        for (int seed = 1; seed <= (full ? 10 : 1); ++seed) {
            const synth::Action a = actions[std::size_t(seed) % actions.size()];
            const fs::path s = gestureSession(dir / (std::string(synth::syncGestureName(g)) + std::to_string(seed)), g,
                                              a, std::uint32_t(seed * 17 + 3));
            const auto e = injectedErrors(s, "camera_cam0", offsets,
                                          [](const Session& x) { return estimateCameraOffset(x, "cam0"); });
            errors.insert(errors.end(), e.begin(), e.end());
        }
        // A jump lands both feet, each insole sampling at its own phase: within one video frame.
        // A stomp lands one foot, timed by one insole's ~14 Hz frames: within one tactile frame.
        const bool jump = g == synth::SyncGesture::Jump;
        QVERIFY(shareWithin(errors, jump ? 1.0 / 30.0 : 1.0 / 14.0,
                            jump ? "camera from a jump (one video frame)"
                                 : "camera from a stomp (one tactile frame)") >= 0.95);
        if (!jump)
            shareWithin(errors, 1.0 / 30.0, "camera from a stomp (one video frame)");
    }

    // Without a gesture (walking throughout) nothing is claimed.
    const fs::path walk = gestureSession(dir / "walk", synth::SyncGesture::None, synth::Action::Walking, 5);
    const SyncEstimate none = estimateCameraOffset(openSession(walk), "cam0");
    QVERIFY(!none.found);
    QVERIFY2(none.note.find("no sync gesture") != std::string::npos, none.note.c_str());
}

/// A camera started seconds apart from the insoles (beyond the default --max-lag-s 2): found
/// when the search is widened, and the default search says it found nothing rather than guess.
void TestInterchange::syncCameraFarOff()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString() + "/far";
    synth::SynthOptions o;
    o.cameras = 1;
    const synth::MotionTimeline timeline(synth::makeSubject(31, 0), {{synth::Action::Walking, 12.0}}, 31,
                                         synth::SyncGesture::Jump);
    synth::writeSynthSession(dir, "far", timeline, o, 31);
    SyncOptions wide;
    wide.maxLag_s = 8.0;
    std::vector<double> errors;
    for (double injected : {-6.5, -3.2, 4.1, 7.0}) {
        setOffset(dir, "camera_cam0", secondsToNs(injected));
        const Session s = openSession(dir);
        const SyncEstimate e = estimateCameraOffset(s, "cam0", wide);
        qInfo("camera offset %+.2f s, search +-8 s: %s %+.4f s (%s)", injected, e.found ? "error" : "NOT FOUND",
              e.offset_s + injected, e.note.c_str());
        QVERIFY2(e.found, e.note.c_str());
        errors.push_back(e.offset_s + injected);
        if (std::abs(injected) > 2.5) {
            const SyncEstimate narrow = estimateCameraOffset(s, "cam0");
            qInfo("  default search: %s %+.4f s, correlation %.2f (%s)", narrow.found ? "error" : "NOT FOUND",
                  narrow.offset_s + injected, narrow.correlation, narrow.note.c_str());
            QVERIFY2(!narrow.found || std::abs(narrow.offset_s + injected) < 1.0 / 30.0,
                     "the default search claims a wrong offset");
        }
    }
    QVERIFY(shareWithin(errors, 1.0 / 30.0, "camera from a jump, 3-7 s off") >= 0.75);
}

void TestInterchange::syncRightInsole()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    const std::vector<double> offsets = {-0.3, 0.0, 0.1234, 0.5};
    const double frame_s = 1.0 / 14.0;
    // With ground truth: each foot's load against its own feet's keypoints.
    const fs::path walk = synthSession(dir / "walk", synth::Action::Walking, 12.0, 9);
    auto e =
        injectedErrors(walk, "tactile_right", offsets, [](const Session& x) { return estimateRightInsoleOffset(x); });
    QVERIFY(shareWithin(e, frame_s, "right insole from ground truth") >= 0.95);
    // Without: from a jump's landing.
    const fs::path jump = gestureSession(dir / "jump", synth::SyncGesture::Jump, synth::Action::Squat, 4);
    e = injectedErrors(jump, "tactile_right", offsets,
                       [](const Session& x) { return estimateRightInsoleFromGesture(x); });
    QVERIFY(shareWithin(e, frame_s, "right insole from a jump") >= 0.95);
    const fs::path stomp = gestureSession(dir / "stomp", synth::SyncGesture::Stomp, synth::Action::Squat, 4);
    QVERIFY(!estimateRightInsoleFromGesture(openSession(stomp)).found); // one foot lands: no second clock
}

void TestInterchange::keypointExportRoundTrips()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    QVERIFY(runPython(kXrMocapScript, dir));
    // Ground truth with a masked and a NaN keypoint (person 1 of the XRMoCap fixture), at 25 Hz from 2 s.
    addGroundTruth(dir / "s", readXrMocapKeypoints(dir / "kp.npz", {25.0, 2.0}, 1));
    const Session s = openSession(dir / "s");
    const KeypointStream& gt = s.groundTruth();

    const KeypointExportReport x = exportXrMocapKeypoints(gt, dir / "out.npz");
    QCOMPARE(x.frames, gt.size());
    QCOMPARE(x.missingKeypoints, std::size_t(2));
    QVERIFY(std::abs(x.rate_hz - 25.0) < 1e-6);
    QVERIFY(std::abs(x.start_s - 2.0) < 1e-9);
    // numpy sees XRMoCap's exact layout.
    QVERIFY(runPython(R"(
import sys, numpy as np
d = np.load(sys.argv[1] + '/out.npz')
assert sorted(d.files) == ['convention', 'keypoints', 'mask'], d.files
k, m, c = d['keypoints'], d['mask'], d['convention']
assert k.shape == (5, 1, 133, 4) and k.dtype == np.float32, (k.shape, k.dtype)
assert m.shape == (5, 1, 133) and m.dtype == np.uint8, (m.shape, m.dtype)
assert c.shape == () and str(c) == 'coco_wholebody', repr(c)
assert m.sum() == 5 * 19 - 2 and m[2, 0, 9] == 0 and m[3, 0, 0] == 0
assert np.allclose(k[1, 0, 22, :3], [0.01, 0.01, 0.22]) and k[1, 0, 22, 3] == 1
assert np.all(k[:, :, 23:] == 0)
)",
                      dir));
    const GroundTruth back = readXrMocapKeypoints(dir / "out.npz", {x.rate_hz, x.start_s});
    const KeypointExportReport c = exportKeypointsCsv(gt, dir / "out.csv");
    QCOMPARE(c.missingKeypoints, std::size_t(2));
    const GroundTruth fromCsv = readKeypointsCsv(dir / "out.csv", {});
    QCOMPARE(back.poses.size(), gt.size());
    QCOMPARE(fromCsv.poses.size(), gt.size());
    for (std::size_t i = 0; i < gt.size(); ++i) {
        QCOMPARE(fromCsv.times_ns[i], gt.timeAt(i)); // nanoseconds survive the CSV
        QVERIFY(std::abs(back.times_ns[i] - gt.timeAt(i)) < 1000);
        const Pose p = gt.pose(i);
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            for (const GroundTruth* g : {&back, &fromCsv}) {
                const Eigen::Vector3f q = g->poses[i][k];
                QCOMPARE(q.allFinite(), p[k].allFinite());
                QVERIFY(!p[k].allFinite() || q == p[k]); // bit for bit
            }
    }
    expectError([&] { exportXrMocapKeypoints(KeypointStream{}, dir / "none.npz"); }, {"none.npz", "no keypoints"});
    QVERIFY(!fs::exists(dir / "none.npz"));

    // The command line: export, then import what it says.
    QProcess p;
    p.start(QStringLiteral(INSOLEPOSE_CLI), {"export", "csv", QString::fromStdString((dir / "s").string()), "--out",
                                             QString::fromStdString((dir / "cli.csv").string())});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(p.readAllStandardOutput().contains("--rate 25 --start-s 2"), "export prints the import options");
    QCOMPARE(readKeypointsCsv(dir / "cli.csv", {}).poses.size(), gt.size());
}

void TestInterchange::syncCommandPlacesCameraAndRightInsole()
{
    QTemporaryDir tmp;
    const fs::path dir = gestureSession(fs::path(tmp.path().toStdString()) / "jump", synth::SyncGesture::Jump,
                                        synth::Action::Walking, 8);
    setOffset(dir, "camera_cam0", secondsToNs(-0.7));
    setOffset(dir, "tactile_right", secondsToNs(0.2));
    const QString session = QString::fromStdString(dir.string());
    int rc = -1;
    const QJsonObject first = runCli({"sync", session, "--apply"}, rc);
    QCOMPARE(rc, 0);
    const QJsonObject offsets = first["offsets_s"].toObject();
    const double camera = offsets["camera_cam0"].toDouble(99), right = offsets["tactile_right"].toDouble(99);
    QVERIFY2(std::abs(camera - 0.7) < 1.0 / 30.0, qPrintable(QJsonDocument(first).toJson()));
    QVERIFY2(std::abs(right + 0.2) < 1.0 / 14.0, qPrintable(QJsonDocument(first).toJson()));
    QVERIFY(first["estimates"].toObject()["camera_cam0"].toObject()["note"].toString().contains("jump"));
    const SessionMetadata meta = openSession(dir).metadata();
    QVERIFY(std::abs(nsToSeconds(meta.syncOffset("camera_cam0")) - (-0.7 + camera)) < 1e-6);
    QVERIFY(std::abs(nsToSeconds(meta.syncOffset("tactile_right")) - (0.2 + right)) < 1e-6);
    // Once applied, a second run finds (almost) nothing left to move.
    const QJsonObject second = runCli({"sync", session}, rc);
    QVERIFY(std::abs(second["offsets_s"].toObject()["camera_cam0"].toDouble(99)) < 0.006);
    QVERIFY(std::abs(second["offsets_s"].toObject()["tactile_right"].toDouble(99)) < 0.006);
}

// --- MP4 edit lists (docs/IMPORT.md, "Attaching a video") ----------------------------------------

namespace {

constexpr int kBarFrames = 40;

/// An MPEG-4 video in MP4 (no B-frames; its sample data before the moov box) of kBarFrames frames
/// at 30 frames/s, frame i black with a white bar at columns [4i, 4i + 4): a frame's index survives
/// compression.
void writeBarVideo(const fs::path& file)
{
    cv::VideoWriter w(file.string(), cv::VideoWriter::fourcc('m', 'p', '4', 'v'), 30.0, cv::Size(4 * kBarFrames, 48));
    QVERIFY(w.isOpened());
    for (int i = 0; i < kBarFrames; ++i) {
        cv::Mat frame(48, 4 * kBarFrames, CV_8UC3, cv::Scalar(0, 0, 0));
        frame.colRange(4 * i, 4 * i + 4).setTo(cv::Scalar(255, 255, 255));
        w.write(frame);
    }
}

/// The index of every frame FFmpeg (through OpenCV) decodes from `file`, in decode order.
std::vector<int> decodedBars(const fs::path& file)
{
    std::vector<int> bars;
    cv::VideoCapture cap(file.string(), cv::CAP_FFMPEG);
    cv::Mat frame, gray, columns;
    while (cap.read(frame)) {
        cv::cvtColor(frame, gray, cv::COLOR_BGR2GRAY);
        cv::reduce(gray, columns, 0, cv::REDUCE_SUM, CV_64F);
        cv::Point best;
        cv::minMaxLoc(columns, nullptr, nullptr, nullptr, &best);
        bars.push_back(best.x / 4);
    }
    return bars;
}

/// Replaces the box at `path` (found with its ancestors by findBox) by `box` (header included), or
/// removes it when `box` is empty, and corrects the sizes of its ancestors.
bool replaceBox(std::vector<char>& bytes, const std::string& path, const std::vector<char>& box)
{
    auto old = findBox(bytes, 0, bytes.size(), path);
    const auto mdat = findBox(bytes, 0, bytes.size(), "mdat");
    if (!old || !mdat || mdat->at > old->chain.front())
        return false; // the sample data must lie before the moov box, so that no chunk offset moves
    const auto grow = std::int64_t(box.size()) - std::int64_t(old->size);
    bytes.erase(bytes.begin() + std::ptrdiff_t(old->at), bytes.begin() + std::ptrdiff_t(old->at + old->size));
    bytes.insert(bytes.begin() + std::ptrdiff_t(old->at), box.begin(), box.end());
    old->chain.pop_back();
    for (std::size_t ancestor : old->chain)
        putBe32(bytes, ancestor, std::uint32_t(std::int64_t(be32(bytes, ancestor)) + grow));
    return true;
}

struct ElstEntry {
    std::uint64_t duration; ///< Movie timescale.
    std::int64_t mediaTime; ///< Media timescale; -1: empty.
};

/// An elst box (version 0 or 1) with media rate 1.
std::vector<char> elstBox(int version, const std::vector<ElstEntry>& entries)
{
    const std::size_t entrySize = version == 1 ? 20 : 12;
    std::vector<char> b(16 + entrySize * entries.size(), 0);
    putBe32(b, 0, std::uint32_t(b.size()));
    std::memcpy(b.data() + 4, "elst", 4);
    b[8] = char(version);
    putBe32(b, 12, std::uint32_t(entries.size()));
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::size_t at = 16 + i * entrySize;
        const auto media = std::uint64_t(entries[i].mediaTime);
        if (version == 1) {
            putBe32(b, at, std::uint32_t(entries[i].duration >> 32));
            putBe32(b, at + 4, std::uint32_t(entries[i].duration));
            putBe32(b, at + 8, std::uint32_t(media >> 32));
            putBe32(b, at + 12, std::uint32_t(media));
        } else {
            putBe32(b, at, std::uint32_t(entries[i].duration));
            putBe32(b, at + 4, std::uint32_t(media));
        }
        putBe32(b, at + entrySize - 4, 0x10000); // media rate 1.0
    }
    return b;
}

/// The bar video's timing: the sample duration (ticks), the media and the movie timescale.
struct BarTiming {
    std::uint32_t tick = 0;
    double mediaScale = 0, movieScale = 0;
};

BarTiming barTiming(const std::vector<char>& bytes)
{
    BarTiming t;
    const auto stts = findBox(bytes, 0, bytes.size(), "moov/trak/mdia/minf/stbl/stts");
    const auto mdhd = findBox(bytes, 0, bytes.size(), "moov/trak/mdia/mdhd");
    const auto mvhd = findBox(bytes, 0, bytes.size(), "moov/mvhd");
    if (!stts || !mdhd || !mvhd || bytes[mdhd->at + 8] != 0 || bytes[mvhd->at + 8] != 0 ||
        be32(bytes, stts->at + 12) != 1 || be32(bytes, stts->at + 16) != std::uint32_t(kBarFrames))
        return t; // not the layout the tests expect: one stts entry, version 0 headers
    t.tick = be32(bytes, stts->at + 20);
    t.mediaScale = be32(bytes, mdhd->at + 20);
    t.movieScale = be32(bytes, mvhd->at + 20);
    return t;
}

void writeBytes(const fs::path& file, const std::vector<char>& bytes)
{
    std::ofstream(file, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
}

/// Attaches `video` as camera "cam" at `offset_s` to a fresh session under `dir`.
AttachReport attachToNewSession(const fs::path& dir, const fs::path& video, double offset_s)
{
    writeAuthorsFolder(dir / "S1Walking", 20, 20);
    importAuthorsFolder(dir / "S1Walking", dir / "s", {});
    return attachVideo(dir / "s", video, {offset_s, "cam", {}});
}

bool sameTimes(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::abs(a[i] - b[i]) > 1e-9)
            return false;
    return true;
}

/// True when the session's camera frames lie at `offset_s` plus `expected_s` (within 1 us); says
/// where not.
bool sessionTimesAre(const fs::path& session, double offset_s, const std::vector<double>& expected_s)
{
    const Session s = openSession(session);
    const SampleStream& frames = s.cameras().at(0).frames;
    if (frames.size() != expected_s.size()) {
        qWarning("the session lists %zu frames, expected %zu", frames.size(), expected_s.size());
        return false;
    }
    for (std::size_t i = 0; i < frames.size(); ++i)
        if (std::abs(double(frames.timeAt(i)) - (offset_s + expected_s[i]) * 1e9) > 1e3) {
            qWarning("frame %zu at %.6f s on the session clock, expected %.6f s", i, double(frames.timeAt(i)) / 1e9,
                     offset_s + expected_s[i]);
            return false;
        }
    return true;
}

} // namespace

void TestInterchange::attachVideoDelayedByEmptyEdit()
{
    // An empty edit of 500 ms before the media (a camera that started late): FFmpeg shows the first
    // frame at 0.5 s, so the attached frames start 0.5 s after the offset.
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    const fs::path mp4 = dir / "late.mp4";
    writeBarVideo(mp4);
    std::vector<char> bytes = fileBytes(mp4);
    const BarTiming t = barTiming(bytes);
    QVERIFY(t.tick > 0 && t.mediaScale > 0 && t.movieScale > 0);
    const auto whole = std::uint64_t(std::llround(kBarFrames * t.tick / t.mediaScale * t.movieScale));
    const auto delay = std::uint64_t(std::llround(0.5 * t.movieScale));
    QVERIFY(replaceBox(bytes, "moov/trak/edts/elst", elstBox(0, {{delay, -1}, {whole, 0}})));
    writeBytes(mp4, bytes);

    std::vector<double> expected;
    for (int i = 0; i < kBarFrames; ++i)
        expected.push_back(double(delay) / t.movieScale + i * t.tick / t.mediaScale);
    const auto times = mp4FrameTimes(mp4);
    QVERIFY(times.has_value());
    QVERIFY2(sameTimes(*times, expected), qPrintable(QString("first frame at %1 s").arg(times->at(0))));
    std::vector<int> all(kBarFrames);
    for (int i = 0; i < kBarFrames; ++i)
        all[std::size_t(i)] = i;
    QCOMPARE(decodedBars(mp4), all); // every frame is presented

    const AttachReport r = attachToNewSession(dir, mp4, 2.0);
    QCOMPARE(r.frames, std::size_t(kBarFrames));
    QVERIFY(!r.damagedAtFrame);
    QVERIFY(!r.variableRate);
    QVERIFY2(r.timing.find("edit list applied") != std::string::npos, r.timing.c_str());
    QVERIFY(sessionTimesAre(dir / "s", 2.0, expected)); // first frame at 2.5 s on the session clock
}

void TestInterchange::attachVideoTrimmedByEditList()
{
    // A clip trimmed in the edit list (version 1): the edit starts at frame 5 and lasts 32.5 frames,
    // so frames 5..37 are shown (FFmpeg decodes only those) and 0..4 and 38..39 are not frames at
    // all: they are not attached, and the video is not reported damaged.
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    const fs::path mp4 = dir / "trimmed.mp4";
    writeBarVideo(mp4);
    std::vector<char> bytes = fileBytes(mp4);
    const BarTiming t = barTiming(bytes);
    QVERIFY(t.tick > 0 && t.mediaScale > 0 && t.movieScale > 0);
    const auto length = std::uint64_t(std::llround(32.5 * t.tick / t.mediaScale * t.movieScale));
    QVERIFY(replaceBox(bytes, "moov/trak/edts/elst", elstBox(1, {{length, std::int64_t(5 * t.tick)}})));
    writeBytes(mp4, bytes);

    std::vector<int> shown;
    std::vector<double> expected;
    for (int i = 5; i <= 37; ++i) {
        shown.push_back(i);
        expected.push_back((i - 5) * t.tick / t.mediaScale);
    }
    QCOMPARE(decodedBars(mp4), shown); // what FFmpeg decodes
    const auto times = mp4FrameTimes(mp4);
    QVERIFY(times.has_value());
    QVERIFY2(sameTimes(*times, expected), qPrintable(QString("%1 frame times").arg(times->size())));

    const AttachReport r = attachToNewSession(dir, mp4, 0.25);
    QCOMPARE(r.frames, shown.size());
    QCOMPARE(r.containerFrames, shown.size()); // the frames the edit presents
    QVERIFY2(!r.damagedAtFrame, qPrintable(QString("damaged at frame %1").arg(r.damagedAtFrame.value_or(0))));
    QVERIFY(!r.variableRate);
    QVERIFY2(r.timing.find("33 of 40 samples") != std::string::npos, r.timing.c_str());
    QVERIFY(sessionTimesAre(dir / "s", 0.25, expected));
}

void TestInterchange::attachVideoWithoutEditList()
{
    // Without an edts box every sample is a frame, the first at the offset (as before edit lists
    // were read).
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    const fs::path mp4 = dir / "plain.mp4";
    writeBarVideo(mp4);
    std::vector<char> bytes = fileBytes(mp4);
    const BarTiming t = barTiming(bytes);
    QVERIFY(t.tick > 0 && t.mediaScale > 0);
    QVERIFY(findBox(bytes, 0, bytes.size(), "moov/trak/edts"));
    QVERIFY(replaceBox(bytes, "moov/trak/edts", {}));
    QVERIFY(!findBox(bytes, 0, bytes.size(), "moov/trak/edts"));
    writeBytes(mp4, bytes);

    std::vector<double> expected;
    for (int i = 0; i < kBarFrames; ++i)
        expected.push_back(i * t.tick / t.mediaScale);
    const auto times = mp4FrameTimes(mp4);
    QVERIFY(times.has_value());
    QVERIFY(sameTimes(*times, expected));
    QCOMPARE(decodedBars(mp4).size(), std::size_t(kBarFrames));
    const AttachReport r = attachToNewSession(dir, mp4, 1.0);
    QCOMPARE(r.frames, std::size_t(kBarFrames));
    QVERIFY(!r.damagedAtFrame);
    QVERIFY2(r.timing.find("edit list") == std::string::npos, r.timing.c_str());
    QVERIFY(sessionTimesAre(dir / "s", 1.0, expected));
}

// --- Edit-listed MP4 in a session: frame count and random access (docs/IMPORT.md) ----------------

namespace {

/// A video of `frames` frames at 30 frames/s (`fourcc`: MPEG-4 or H.264, whose libx264 writes
/// B-frames and an edit list), frame i black with a white bar at columns [4i, 4i + 4).
void writeBars(const fs::path& file, int frames, int fourcc)
{
    cv::VideoWriter w(file.string(), fourcc, 30.0, cv::Size(4 * frames, 48));
    QVERIFY(w.isOpened());
    for (int i = 0; i < frames; ++i) {
        cv::Mat frame(48, 4 * frames, CV_8UC3, cv::Scalar(0, 0, 0));
        frame.colRange(4 * i, 4 * i + 4).setTo(cv::Scalar(255, 255, 255));
        w.write(frame);
    }
}

/// The bar of a decoded frame: the index of the brightest 4-column band.
int barOf(const VideoImage& image)
{
    std::vector<double> columns(std::size_t(image.width), 0.0);
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x)
            for (int c = 0; c < 3; ++c)
                columns[std::size_t(x)] +=
                    image.rgb[(std::size_t(y) * std::size_t(image.width) + std::size_t(x)) * 3 + std::size_t(c)];
    return int(std::max_element(columns.begin(), columns.end()) - columns.begin()) / 4;
}

/// The first sample's duration (stts) and the media and movie timescales of a version-0 MP4.
std::optional<BarTiming> timingOf(const std::vector<char>& bytes)
{
    const auto stts = findBox(bytes, 0, bytes.size(), "moov/trak/mdia/minf/stbl/stts");
    const auto mdhd = findBox(bytes, 0, bytes.size(), "moov/trak/mdia/mdhd");
    const auto mvhd = findBox(bytes, 0, bytes.size(), "moov/mvhd");
    if (!stts || !mdhd || !mvhd || bytes[mdhd->at + 8] != 0 || bytes[mvhd->at + 8] != 0 ||
        be32(bytes, stts->at + 12) != 1)
        return std::nullopt; // not one stts entry (a constant rate) or not version 0 headers
    return BarTiming{be32(bytes, stts->at + 20), double(be32(bytes, mdhd->at + 20)),
                     double(be32(bytes, mvhd->at + 20))};
}

constexpr int kLongBars = 120; // longer than VideoReader's forward-decoding limit: far jumps seek

/// Writes a bar video to `file` and rewrites its edit list: "trimmed" presents frames 7..106 (the
/// edit starts inside a group of pictures), "delayed" all frames after an empty edit of 0.4 s,
/// "h264" is libx264's file as written (B-frames, its own edit list). Returns the bar of every
/// frame FFmpeg presents, in order.
std::vector<int> writeEditListed(const fs::path& file, const std::string& kind)
{
    const bool h264 = kind.starts_with("h264");
    writeBars(file, kLongBars,
              h264 ? cv::VideoWriter::fourcc('a', 'v', 'c', '1') : cv::VideoWriter::fourcc('m', 'p', '4', 'v'));
    std::vector<int> bars;
    if (kind == "h264") {
        for (int i = 0; i < kLongBars; ++i)
            bars.push_back(i);
        return bars; // compared with what FFmpeg decodes by the caller
    }
    std::vector<char> bytes = fileBytes(file);
    const auto t = timingOf(bytes);
    if (!t || t->tick == 0 || t->mediaScale <= 0 || t->movieScale <= 0)
        return {};
    // The media time of the writer's own edit (libx264: the B-frame delay); 0 without one.
    std::int64_t start = 0;
    if (const auto elst = findBox(bytes, 0, bytes.size(), "moov/trak/edts/elst");
        elst && bytes[elst->at + 8] == 0 && be32(bytes, elst->at + 12) == 1)
        start = std::int32_t(be32(bytes, elst->at + 20));
    const auto frames = [&](double n) {
        return std::uint64_t(std::llround(n * t->tick / t->mediaScale * t->movieScale));
    };
    std::vector<ElstEntry> edits;
    if (kind == "trimmed" || kind == "h264 trimmed") {
        edits = {{frames(99.5), start + std::int64_t(7 * t->tick)}};
        for (int i = 7; i <= 106; ++i)
            bars.push_back(i);
    } else {
        edits = {{std::uint64_t(std::llround(0.4 * t->movieScale)), -1}, {frames(kLongBars), 0}};
        for (int i = 0; i < kLongBars; ++i)
            bars.push_back(i);
    }
    if (!replaceBox(bytes, "moov/trak/edts/elst", elstBox(0, edits)))
        return {};
    writeBytes(file, bytes);
    return bars;
}

} // namespace

void TestInterchange::trimmedVideoOpensWithPresentedFrameCount()
{
    // A trimmed clip attached to a session: the session's timestamps, the container count and the
    // reader's count are the presented frames, so opening the session warns of nothing.
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    const fs::path mp4 = dir / "trimmed.mp4";
    const std::vector<int> shown = writeEditListed(mp4, "trimmed");
    QCOMPARE(shown.size(), std::size_t(100));
    QCOMPARE(decodedBars(mp4), shown);
    const auto timing = mp4FrameTiming(mp4);
    QVERIFY(timing.has_value() && timing->editsApplied);
    QCOMPARE(timing->samples, std::size_t(kLongBars));
    QCOMPARE(timing->times.size(), shown.size());

    const AttachReport r = attachToNewSession(dir, mp4, 0.5);
    QCOMPARE(r.frames, shown.size());
    QVERIFY(!r.damagedAtFrame);
    const fs::path attached = dir / "s" / "cameras" / "cam.mp4";
    QCOMPARE(countVideoFrames(attached), std::optional<std::int64_t>(std::int64_t(shown.size())));
    const Session s = openSession(dir / "s");
    QString warnings;
    for (const std::string& w : s.warnings())
        warnings += QString::fromStdString(w) + "\n";
    QVERIFY2(!warnings.contains("cam"), qPrintable(warnings));
    QCOMPARE(s.cameras().size(), std::size_t(1));
    QCOMPARE(s.cameras()[0].frames.size(), shown.size());
    QCOMPARE(s.cameras()[0].videoFrames, std::int64_t(shown.size()));
    VideoReader reader(attached);
    QCOMPARE(reader.frameCount(), std::int64_t(shown.size()));
    VideoImage image;
    QVERIFY(reader.read(std::int64_t(shown.size()) - 1, image));
    QVERIFY(!reader.read(std::int64_t(shown.size()), image)); // past the last presented frame
}

void TestInterchange::videoReaderReadsPresentedFrames_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("start trimmed inside a group of pictures") << "trimmed";
    QTest::newRow("delayed by an empty edit") << "delayed";
    QTest::newRow("H.264 with B-frames as written") << "h264";
    QTest::newRow("H.264 with B-frames, start trimmed") << "h264 trimmed";
}

void TestInterchange::videoReaderReadsPresentedFrames()
{
    // Frame i of the session (its i-th timestamp) is the i-th frame FFmpeg presents: read(i) must
    // decode that one whether it reads on, jumps back or jumps far ahead (and seeks).
    QFETCH(QString, kind);
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    const fs::path mp4 = dir / "clip.mp4";
    std::vector<int> shown = writeEditListed(mp4, kind.toStdString());
    QVERIFY(!shown.empty());
    const std::vector<int> decoded = decodedBars(mp4);
    if (kind == "h264") {
        QVERIFY2(decoded.size() <= shown.size() && decoded.size() + 3 >= shown.size(),
                 qPrintable(QString("FFmpeg presents %1 frames").arg(decoded.size())));
        shown = decoded; // libx264's edit list may leave the last frame out
        QVERIFY(mp4FrameTiming(mp4).value_or(Mp4FrameTiming{}).editsApplied);
    }
    qInfo("%s: FFmpeg presents %zu of %d samples, bars %d..%d", qPrintable(kind), decoded.size(), kLongBars,
          decoded.empty() ? -1 : decoded.front(), decoded.empty() ? -1 : decoded.back());
    QCOMPARE(decoded, shown);
    const AttachReport r = attachToNewSession(dir, mp4, 1.0);
    QCOMPARE(r.frames, shown.size());
    const Session s = openSession(dir / "s");
    QCOMPARE(s.cameras().at(0).frames.size(), shown.size());

    VideoReader reader(s.cameras().at(0).videoPath);
    QCOMPARE(reader.frameCount(), std::int64_t(shown.size()));
    const auto last = std::int64_t(shown.size()) - 1;
    const std::vector<std::int64_t> order = {0,    1,        2, 3,  10, 9,         4, 60, 61,
                                             last, last - 1, 0, 55, 5,  last - 20, 1, 30, 29};
    VideoImage image;
    QString wrong;
    for (std::int64_t i : order) {
        if (!reader.read(i, image)) {
            wrong += QString("frame %1 not read; ").arg(i);
            continue;
        }
        if (image.index != i || barOf(image) != shown[std::size_t(i)])
            wrong +=
                QString("frame %1 shows bar %2, expected %3; ").arg(i).arg(barOf(image)).arg(shown[std::size_t(i)]);
    }
    for (std::int64_t k = 0, i = 0; k < 40; ++k) { // scattered jumps in both directions
        i = (i + 37) % std::int64_t(shown.size());
        if (!reader.read(i, image) || image.index != i || barOf(image) != shown[std::size_t(i)])
            wrong += QString("frame %1 (scattered) shows bar %2, expected %3; ")
                         .arg(i)
                         .arg(barOf(image))
                         .arg(shown[std::size_t(i)]);
    }
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    QVERIFY(reader.seeks() > 0); // the far jumps and the jumps back did seek
}

QTEST_GUILESS_MAIN(TestInterchange)
#include "test_interchange.moc"
