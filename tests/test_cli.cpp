#include "insolepose/Json.h"
#include "insolepose/Npy.h"
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/Version.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <vector>

using namespace insolepose;

namespace {
struct Result {
    int code = -1;
    QString out;
    QString err;
};
Result run(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(INSOLEPOSE_CLI), args);
    Result r;
    if (!p.waitForFinished(120000))
        return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}
QString demoModel() { return QStringLiteral(INSOLEPOSE_SOURCE_DIR "/resources/models/lite-demo.pt"); }
void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}
QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
/// A small closed session with `frames` tactile frames per foot, written as the recorder does.
std::filesystem::path writeCliSession(const std::filesystem::path& dir, std::uint32_t frames)
{
    SessionWriter w(dir, SessionMetadata{});
    for (std::uint32_t i = 0; i < frames; ++i)
        for (Foot foot : kFeet) {
            TactileFrame f;
            f.foot = foot;
            f.sequence = i;
            f.hostTime_ns = TimeNs(i) * 5 * kNsPerMs;
            f.raw_adc.assign(660, std::uint16_t(100 + i));
            w.appendTactile(f);
        }
    w.close();
    return dir;
}
} // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private Q_SLOTS:
    // --- commands (record, snapshot, numeric options) ---
    /// `record --out` into a folder that is not empty is refused (1,470 tactile rows once became
    /// 22 beside old keypoints); with --force the old files move into a backup folder first.
    void recordRefusesAFolderThatIsNotEmpty()
    {
        const QString dir = m_tmp.filePath("old-session");
        QVERIFY(QDir().mkpath(dir));
        const QByteArray oldRows("old tactile rows"), oldKeypoints("old keypoints");
        writeFile(dir + "/tactile_left.npy", oldRows);
        writeFile(dir + "/keypoints_gt.npy", oldKeypoints);
        const QStringList record = {
            "record", "--insoles", "replay://" INSOLEPOSE_DEMO_SESSION "?speed=4", "--out", dir, "--duration", "0.5"};
        const Result refused = run(record);
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains(dir) && refused.err.contains("not empty") && refused.err.contains("--force"),
                 qPrintable(refused.err));
        QCOMPARE(readFile(dir + "/tactile_left.npy"), oldRows);
        QCOMPARE(QDir(dir).entryList(QDir::Files).size(), 2);

        const Result forced = run(record + QStringList{"--force"});
        QVERIFY2(forced.code == 0, qPrintable(forced.err));
        const QRegularExpression moved("moved the old contents of (\\S+) to (\\S+)\\n");
        const auto m = moved.match(forced.out);
        QVERIFY2(m.hasMatch(), qPrintable(forced.out));
        const QString backup = m.captured(2);
        QVERIFY(backup.startsWith(dir + ".backup-"));
        QCOMPARE(readFile(backup + "/tactile_left.npy"), oldRows);
        QCOMPARE(readFile(backup + "/keypoints_gt.npy"), oldKeypoints);
        const Session s = openSession(dir.toStdString());
        QVERIFY(s.tactile(Foot::Left).size() > 0);
        QVERIFY(!QFile::exists(dir + "/keypoints_gt.npy")); // nothing old mixed in
    }
    /// A camera that does not open fails the recording before anything is written.
    void recordFailsWhenTheCameraDoesNotOpen()
    {
        for (const QString& camera : {QStringLiteral("57"), QStringLiteral("-1")}) {
            const QString dir = m_tmp.filePath("camera-" + camera);
            const Result r = run({"record", "--insoles", "replay://" INSOLEPOSE_DEMO_SESSION, "--camera", camera,
                                  "--out", dir, "--duration", "0.5"});
            QVERIFY2(r.code == 2, qPrintable(camera + ": " + r.out + r.err));
            QVERIFY2(r.err.contains("camera '" + camera + "'"), qPrintable(r.err));
            QVERIFY(!QFileInfo::exists(dir));
        }
    }
    /// `snapshot --out` a folder or a .txt gave an uncaught cv::Exception (SIGABRT).
    void snapshotToABadPathFailsClearly()
    {
        const QString folder = m_tmp.filePath("snap-folder");
        QVERIFY(QDir().mkpath(folder));
        const struct {
            QString out;
            const char* why;
        } cases[] = {{folder, "is a folder"},
                     {m_tmp.filePath("x.txt"), "extension '.txt'"},
                     {m_tmp.filePath("no-such-folder/x.png"), "does not exist"}};
        for (const auto& c : cases) {
            const Result r = run({"snapshot", INSOLEPOSE_DEMO_SESSION, "--at", "1", "--out", c.out});
            QVERIFY2(r.code == 1, qPrintable(c.out + ": " + r.err));
            QVERIFY2(r.err.contains(c.out) && r.err.contains(c.why), qPrintable(r.err));
        }
        QVERIFY(!QFileInfo::exists(m_tmp.filePath("x.txt")));
        const Result at = run({"snapshot", INSOLEPOSE_DEMO_SESSION, "--at", "nan", "--out", m_tmp.filePath("n.png")});
        QCOMPARE(at.code, 2);
        QVERIFY2(at.err.contains("--at 'nan'"), qPrintable(at.err));
        const Result late =
            run({"snapshot", INSOLEPOSE_DEMO_SESSION, "--at", "5000", "--out", m_tmp.filePath("n.png")});
        QCOMPARE(late.code, 2);
        QVERIFY2(late.err.contains("after the end of the session"), qPrintable(late.err));
        QVERIFY(!QFileInfo::exists(m_tmp.filePath("n.png")));
    }
    /// Every numeric option is a finite number in a stated range: NaN, 1e30 (a recording that
    /// stopped after 0.4 s), 100000 threads (a hang) and typos are usage errors naming the option.
    void numericOptionsAreChecked()
    {
        const QString out = m_tmp.filePath("numeric");
        const QString replay = "replay://" INSOLEPOSE_DEMO_SESSION;
        const QList<QPair<QStringList, QString>> cases = {
            {{"record", "--insoles", replay, "--out", out, "--duration", "1e30"}, "--duration '1e30'"},
            {{"record", "--insoles", replay, "--out", out, "--duration", "nan"}, "--duration 'nan'"},
            {{"record", "--insoles", replay, "--out", out, "--calibrate", "-2"}, "--calibrate '-2'"},
            {{"synth", "--out", out, "--minutes-per-action", "nan"}, "--minutes-per-action 'nan'"},
            {{"synth", "--out", out, "--subjects", "1e9"}, "--subjects '1e9'"},
            {{"snapshot", INSOLEPOSE_DEMO_SESSION, "--out", out + ".png", "--camera", "x"}, "--camera 'x'"},
            {{"train", "--data", out, "--out", out, "--threads", "100000"}, "--threads '100000'"},
            {{"train", "--data", out, "--out", out, "--epochs", "ten"}, "--epochs 'ten'"},
            {{"train", "--data", out, "--out", out, "--lr", "inf"}, "--lr 'inf'"},
            {{"evaluate", "--model", "m.pt", "--data", out, "--threads", "0"}, "--threads '0'"},
            {{"predict", "--model", "m.pt", "--session", out, "--threads", "1000"}, "--threads '1000'"},
            {{"experiment", "loss-ablation", "--data", out, "--out", out, "--minutes-per-model", "-1"},
             "--minutes-per-model '-1'"},
            {{"simulate", "--rate", "nan", "--duration", "1"}, "--rate 'nan'"},
            {{"simulate", "--loss", "nan", "--duration", "1"}, "--loss 'nan'"},
            {{"simulate", "--port", "70000", "--duration", "1"}, "--port '70000'"},
            {{"simulate", "--duration", "1e30"}, "--duration '1e30'"},
            {{"simulate", "--disconnect-every", "-1", "--duration", "1"}, "--disconnect-every '-1'"},
        };
        for (const auto& [args, option] : cases) {
            const Result r = run(args);
            QVERIFY2(r.code == 2, qPrintable(args.join(' ') + " -> " + QString::number(r.code) + ": " + r.err));
            QVERIFY2(r.err.contains(option) && r.err.contains("must be"), qPrintable(r.err));
        }
        QVERIFY(!QFileInfo::exists(out)); // nothing was started
    }
    /// Finite but huge model input (3e38) gave all-NaN keypoints with exit 0; NaN is refused too.
    void predictRefusesInputOutsideTheNormalisedRange()
    {
        std::vector<float> window(2 * 40 * 30 * 22, 0.25f);
        for (const float bad : {3e38f, std::nanf("")}) {
            window[5] = bad;
            const QString in = m_tmp.filePath("window.npy"), kp = m_tmp.filePath("kp.npy");
            writeNpy(in.toStdString(), DType::F32, {2, 40, 30, 22}, window.data());
            const Result r = run({"predict", "--model", demoModel(), "--input", in, "--out", kp});
            QVERIFY2(r.code == 1, qPrintable(r.out + r.err));
            QVERIFY2(r.err.contains("window 0, left foot, frame 0, taxel (0, 5)"), qPrintable(r.err));
            QVERIFY(!QFileInfo::exists(kp));
        }
    }
    /// A model file with one flipped byte in its weights is refused by the sidecar's SHA-256.
    void predictRefusesAModelWithFlippedBytes()
    {
        const QString model = m_tmp.filePath("flipped.pt");
        QVERIFY(QFile::copy(demoModel(), model));
        QVERIFY(QFile::copy(demoModel() + ".json", model + ".json"));
        QByteArray bytes = readFile(model);
        bytes[qsizetype(bytes.size() * 6 / 10)] = char(bytes[qsizetype(bytes.size() * 6 / 10)] ^ 0x01);
        QFile::remove(model);
        writeFile(model, bytes);
        std::vector<float> window(2 * 40 * 30 * 22, 0.25f);
        const QString in = m_tmp.filePath("ok-window.npy"), kp = m_tmp.filePath("flipped-kp.npy");
        writeNpy(in.toStdString(), DType::F32, {2, 40, 30, 22}, window.data());
        const Result r = run({"predict", "--model", model, "--input", in, "--out", kp});
        QVERIFY2(r.code == 1, qPrintable(r.out + r.err));
        QVERIFY2(r.err.contains(model) && r.err.contains("SHA-256"), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(kp));
        const Result good = run({"predict", "--model", demoModel(), "--input", in, "--out", kp});
        QVERIFY2(good.code == 0, qPrintable(good.err));
    }
    /// A folder that cannot be created was an uncaught std::filesystem error (SIGABRT).
    void modelCommandsReportFolderErrors()
    {
        const QString bad = QStringLiteral("/proc/insolepose-cannot-create/out");
        const Result train = run({"train", "--data", m_tmp.filePath("none"), "--out", bad, "--epochs", "0"});
        QVERIFY2(train.code == 1, qPrintable(QString::number(train.code) + ": " + train.err));
        QVERIFY2(train.err.contains(bad + ": cannot create folder"), qPrintable(train.err));
        const Result evaluate = run({"evaluate", "--model", demoModel(), "--data", INSOLEPOSE_DEMO_SESSION, "--out",
                                     bad, "--split", "all", "--threads", "2"});
        QVERIFY2(evaluate.code == 1, qPrintable(QString::number(evaluate.code) + ": " + evaluate.err));
        QVERIFY2(evaluate.err.contains(bad + ": cannot create folder"), qPrintable(evaluate.err));
    }
    // --- end of commands block ---
    void versionAndHelp()
    {
        const Result v = run({"--version"});
        QCOMPARE(v.code, 0);
        QVERIFY(v.out.contains(QString::fromLatin1(kVersionString)));
        const Result h = run({"--help"});
        QCOMPARE(h.code, 0);
        QVERIFY(h.out.contains("info SESSION"));
        const Result bad = run({"frobnicate"});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains("unknown command 'frobnicate'"));
    }
    /// The light commands load neither LibTorch nor Qt 5 nor OpenCV's video and image libraries
    /// (docs/ARCHITECTURE.md, Programs); the dynamic linker lists every library it loads.
    void lightCommandsLoadNoTorchNorVideo()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("libs"));
        const QRegularExpression heavy(
            QStringLiteral("calling init: \\S*(libtorch|libc10|libQt5|libopencv_videoio|libopencv_imgcodecs)\\S*"));
        const QList<QStringList> light = {
            {"--version"}, {"record", "--help"}, {"info", INSOLEPOSE_DEMO_SESSION}, {"repair", "--help"}};
        for (const QStringList& args : light) {
            const Result r = run(args, env);
            QVERIFY2(r.code == 0, qPrintable(args.join(' ') + ": " + r.err.right(500)));
            QVERIFY2(r.err.contains("calling init"), "LD_DEBUG=libs printed nothing: the check would prove nothing");
            const auto m = heavy.match(r.err);
            QVERIFY2(!m.hasMatch(), qPrintable(args.join(' ') + " loaded " + m.captured(0)));
        }
        // The same check sees LibTorch where it is loaded, and video where it is loaded.
        const Result model = run({"train", "--help"}, env);
        QCOMPARE(model.code, 0);
        QVERIFY(model.out.contains("--epochs"));
        QVERIFY(model.err.contains(QRegularExpression(QStringLiteral("calling init: \\S*libtorch"))));
        const Result data = run({"snapshot", "--help"}, env);
        QCOMPARE(data.code, 0);
        QVERIFY(data.err.contains(QRegularExpression(QStringLiteral("calling init: \\S*libopencv_videoio"))));
        QVERIFY(!data.err.contains(QRegularExpression(QStringLiteral("calling init: \\S*libtorch"))));
    }
    void synthThenInfoAndSnapshot()
    {
        const QString dir = m_tmp.filePath("data");
        const Result d = run({"synth", "--out", dir, "--subjects", "2", "--actions", "squat, side-walking",
                              "--minutes-per-action", "0.25", "--no-video", "--seed", "3"});
        QVERIFY2(d.code == 0, qPrintable(d.err));
        QVERIFY(d.out.contains("wrote 4 sessions"));
        for (const char* name : {"S01-squat", "S01-side-walking", "S02-squat", "S02-side-walking"}) {
            const Session s = openSession((dir + "/" + name).toStdString());
            QVERIFY(s.warnings().empty());
            QCOMPARE(s.groundTruth().size(), std::size_t(451)); // 15 s at 30 Hz, both ends included
            QVERIFY(std::abs(int(s.tactile(Foot::Right).size()) - 210) <= 1);
            QVERIFY(s.cameras().empty());
        }
        const QJsonObject dataset = readJsonObject((dir + "/dataset.json").toStdString());
        QCOMPARE(dataset["sessions"].toArray().size(), 4);
        QCOMPARE(dataset["subjects"].toArray().size(), 2);

        const Result i = run({"info", dir + "/S02-squat"});
        QVERIFY2(i.code == 0, qPrintable(i.err));
        QVERIFY(i.out.contains("keypoints:   451 samples"));
        QVERIFY(i.out.contains("track 'actions': 1 segments"));
        QVERIFY(!i.out.contains("warning"));

        const QString png = m_tmp.filePath("snap.png");
        const Result snap = run({"snapshot", dir + "/S01-squat", "--at", "5", "--out", png});
        QVERIFY2(snap.code == 0, qPrintable(snap.err));
        QVERIFY(QFileInfo(png).size() > 1000);

        const Result again = run({"synth", "--out", dir, "--subjects", "1", "--actions", "squat", "--no-video"});
        QCOMPARE(again.code, 1);
        QVERIFY(again.err.contains("already holds a session"));
        const Result badAction = run({"synth", "--out", dir, "--actions", "dance"});
        QCOMPARE(badAction.code, 2);
        QVERIFY(badAction.err.contains("unknown action 'dance'"));
    }
    void infoOnBadFolderSaysWhy()
    {
        const Result r = run({"info", m_tmp.filePath("missing")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("not a folder"));
        QCOMPARE(run({"info"}).code, 2);
    }
    // --- sessions (repair, info) ---
    /// A closed session whose timestamps are shorter than its data: repair changes nothing, says
    /// so, and the data rows stay on disk (it used to cut them and print "session repaired").
    void repairChangesNothingInAClosedSessionAndSaysSo()
    {
        const std::filesystem::path dir = writeCliSession(m_tmp.filePath("closed").toStdString(), 40);
        std::vector<TimeNs> t(10);
        for (std::size_t i = 0; i < t.size(); ++i)
            t[i] = TimeNs(i) * 5 * kNsPerMs;
        writeNpy(dir / "tactile_left_timestamps.npy", DType::I64, {t.size()}, t.data());
        const Result r = run({"repair", QString::fromStdString(dir.string())});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("nothing needed repair; no file was changed"), qPrintable(r.out));
        QVERIFY2(!r.out.contains("session repaired"), qPrintable(r.out));
        QVERIFY2(r.out.contains("note:      tactile_left.npy has 40 rows but tactile_left_timestamps.npy has 10"),
                 qPrintable(r.out));
        QCOMPARE(NpyArray::open(dir / "tactile_left.npy").rows(), std::size_t(40));
    }
    /// A crashed session: repair names each changed file and the backup folder holding the originals.
    void repairSaysWhatItChangedFileByFile()
    {
        const std::filesystem::path dir = writeCliSession(m_tmp.filePath("crashed").toStdString(), 40);
        QJsonObject j = readJsonObject(dir / "session.json");
        j["state"] = "recording";
        writeJsonAtomically(dir / "session.json", j);
        std::vector<TimeNs> t(45);
        for (std::size_t i = 0; i < t.size(); ++i)
            t[i] = TimeNs(i) * 5 * kNsPerMs;
        writeNpy(dir / "tactile_right_timestamps.npy", DType::I64, {t.size()}, t.data());
        const Result r = run({"repair", QString::fromStdString(dir.string())});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("repaired:  tactile_right_timestamps.npy: cut 5 of 45 rows"), qPrintable(r.out));
        QVERIFY2(r.out.contains("repaired:  session.json: state 'recording'"), qPrintable(r.out));
        QVERIFY2(r.out.contains("session repaired: 2 changes"), qPrintable(r.out));
        const QRegularExpression backup(QStringLiteral("backup: .* in (\\S+repair-backup-\\S+)\n"));
        const auto m = backup.match(r.out);
        QVERIFY2(m.hasMatch(), qPrintable(r.out));
        QCOMPARE(NpyArray::open(m.captured(1).toStdString() + "/tactile_right_timestamps.npy").rows(), std::size_t(45));
        const Result again = run({"repair", QString::fromStdString(dir.string())});
        QVERIFY2(again.out.contains("nothing needed repair"), qPrintable(again.out));
    }
    /// Offsets and timestamps that would overflow are refused with the field named (info used to
    /// print times that had wrapped around).
    void infoRefusesTimesThatWouldOverflow()
    {
        const std::filesystem::path dir = writeCliSession(m_tmp.filePath("overflow").toStdString(), 10);
        QJsonObject j = readJsonObject(dir / "session.json");
        j["sync_offsets_ns"] = QJsonObject{{"tactile_left", "9223372036854775000"}};
        writeJsonAtomically(dir / "session.json", j);
        Result r = run({"info", QString::fromStdString(dir.string())});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("sync_offsets_ns.tactile_left is 9223372036854775000 ns"), qPrintable(r.err));
        j["sync_offsets_ns"] = QJsonObject{{"tactile_left", "105000000000"}};
        writeJsonAtomically(dir / "session.json", j);
        std::vector<TimeNs> t(10, std::numeric_limits<TimeNs>::max() - 1);
        writeNpy(dir / "tactile_left_timestamps.npy", DType::I64, {t.size()}, t.data());
        r = run({"info", QString::fromStdString(dir.string())});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("tactile_left_timestamps.npy: timestamp 9223372036854775806 ns with sync offset"),
                 qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
