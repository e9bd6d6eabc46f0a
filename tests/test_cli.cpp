#include "insolepose/SessionStore.h"
#include "insolepose/Version.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace insolepose;

namespace {
struct Result {
    int code = -1;
    QString out;
    QString err;
};
Result run(const QStringList& args)
{
    QProcess p;
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
    void demoThenInfo()
    {
        const QString dir = m_tmp.filePath("demo");
        const Result d = run({"demo", "--out", dir, "--duration", "20"});
        QVERIFY2(d.code == 0, qPrintable(d.err));
        const Session s = openSession(dir.toStdString());
        QVERIFY(s.warnings().empty());
        QVERIFY(s.tactile(Foot::Left).size() >= 270); // ~14 Hz for 20 s
        QCOMPARE(s.groundTruth().size(), std::size_t(600)); // 30 Hz for 20 s
        QVERIFY(!s.labelTracks().empty());
        const Result i = run({"info", dir});
        QVERIFY2(i.code == 0, qPrintable(i.err));
        QVERIFY(i.out.contains("keypoints:   600 samples"));
        QVERIFY(i.out.contains("track 'actions'"));
        QVERIFY(!i.out.contains("warning"));
        const Result again = run({"demo", "--out", dir});
        QCOMPARE(again.code, 1);
        QVERIFY(again.err.contains("already holds a session"));
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
