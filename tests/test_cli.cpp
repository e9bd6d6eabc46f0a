#include "insolepose/Json.h"
#include "insolepose/SessionReader.h"
#include "insolepose/Version.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

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
} // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private Q_SLOTS:
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
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
