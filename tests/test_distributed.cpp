// Training on two processes over c10d and Gloo on 127.0.0.1 (docs/DISTRIBUTED.md), with the real
// `insolepose train`: both ranks hold the same parameters after every step, equal to one process
// that averages the same per-rank gradients; a resumed run continues the same way; a rank that dies
// or stops ends the other within 30 s with an error that names it; ranks with different settings
// refuse to start.
#include "insolepose/Npy.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <memory>

using namespace insolepose;
namespace fs = std::filesystem;

namespace {

/// A TCP port nobody listens on right now (the kernel's choice for port 0).
int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

std::vector<float> parameters(const fs::path& file)
{
    const NpyArray a = NpyArray::open(file);
    a.expect(DType::F32, {});
    const auto v = a.values<float>();
    return {v.begin(), v.end()};
}

fs::path stepFile(const QString& dir, int step)
{
    return fs::path(dir.toStdString()) / QStringLiteral("step_%1.npy").arg(step, 6, 10, QChar('0')).toStdString();
}

struct Rank {
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QString output() const
    {
        return QString::fromUtf8(process->readAllStandardError() + process->readAllStandardOutput());
    }
};

} // namespace

class TestDistributed : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_data;

    QString path(const QString& name) const { return m_tmp.filePath(name); }

    /// `insolepose train` on the lite model: 8 windows per epoch, 2 per rank and step, one thread.
    QStringList train(const QString& out, const QString& dump, int epochs) const
    {
        return {"train",
                "--data",
                m_data,
                "--config",
                "lite",
                "--epochs",
                QString::number(epochs),
                "--batch",
                "2",
                "--max-windows",
                "8",
                "--threads",
                "1",
                "--max-validation-windows",
                "4",
                "--out",
                out,
                "--dump-parameters",
                dump};
    }

    static Rank start(const QStringList& args,
                      const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
    {
        Rank r;
        r.process->setProcessEnvironment(env);
        r.process->start(INSOLEPOSE_CLI, args);
        return r;
    }

    static QStringList rankArgs(int rank, int port)
    {
        return {"--world-size", "2",
                "--rank",       QString::number(rank),
                "--rendezvous", QStringLiteral("127.0.0.1:%1").arg(port)};
    }

    /// Runs rank 0 and rank 1 with `args` (plus --dump-parameters DUMP_r and --out OUT_r) to the end.
    void runPair(const QString& name, int epochs, const QStringList& extra)
    {
        const int port = freePort();
        Rank ranks[2];
        for (int r = 0; r < 2; ++r)
            ranks[r] = start(train(path(name + "-out%1").arg(r), path(name + "-dump%1").arg(r), epochs) + extra +
                             rankArgs(r, port));
        for (int r = 0; r < 2; ++r) {
            QVERIFY2(ranks[r].process->waitForFinished(120000), qPrintable(ranks[r].output()));
            const QString text = ranks[r].output();
            QVERIFY2(ranks[r].process->exitStatus() == QProcess::NormalExit && ranks[r].process->exitCode() == 0,
                     qPrintable(text));
        }
    }

    void runReference(const QString& name, int epochs, const QStringList& extra)
    {
        QProcess p;
        p.start(INSOLEPOSE_CLI,
                train(path(name + "-out"), path(name + "-dump"), epochs) + extra + QStringList{"--emulate-ranks", "2"});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }

    /// Both ranks' parameters are identical after each of `steps` steps and within 1e-5 of the reference's.
    void compareSteps(const QString& pair, const QString& reference, int steps)
    {
        std::vector<float> before;
        for (int s = 1; s <= steps; ++s) {
            const auto p0 = parameters(stepFile(path(pair + "-dump0"), s));
            const auto p1 = parameters(stepFile(path(pair + "-dump1"), s));
            const auto ref = parameters(stepFile(path(reference + "-dump"), s));
            QCOMPARE(p0.size(), p1.size());
            QCOMPARE(p0.size(), ref.size());
            QVERIFY2(p0 == p1, qPrintable(QStringLiteral("step %1: the ranks' parameters differ").arg(s)));
            double worst = 0;
            for (std::size_t i = 0; i < p0.size(); ++i)
                worst = std::max(worst, double(std::abs(p0[i] - ref[i])));
            QVERIFY2(worst <= 1e-5, qPrintable(QStringLiteral("step %1: %2 from the reference").arg(s).arg(worst)));
            QVERIFY2(before.empty() || before != p0, "a step changed no parameter");
            before = p0;
        }
        QVERIFY2(!fs::exists(stepFile(path(pair + "-dump0"), steps + 1)), "more steps than expected");
    }

    /// Starts a pair that trains for long, waits for two steps, does `harm` to `victim`, and checks
    /// that the other rank ends within 30 s, non-zero, saying `expected`.
    void survivorStops(int victim, const std::function<void(QProcess&)>& harm, const QStringList& extra,
                       const QString& expected)
    {
        const int port = freePort();
        const QString name = QStringLiteral("harm%1-%2").arg(victim).arg(port);
        Rank ranks[2];
        for (int r = 0; r < 2; ++r)
            ranks[r] = start(train(path(name + "-out%1").arg(r), path(name + "-dump%1").arg(r), 1000) + extra +
                             QStringList{"--max-windows", "0"} + rankArgs(r, port));
        const fs::path second = stepFile(path(name + "-dump%1").arg(victim), 2);
        QTRY_VERIFY_WITH_TIMEOUT(fs::exists(second), 60000);
        harm(*ranks[victim].process);
        QElapsedTimer clock;
        clock.start();
        QProcess& survivor = *ranks[1 - victim].process;
        QVERIFY2(survivor.waitForFinished(30000), "the surviving rank still runs 30 s after the other went away");
        QVERIFY(clock.elapsed() < 30000);
        const QString text = ranks[1 - victim].output();
        QVERIFY2(survivor.exitStatus() == QProcess::NormalExit && survivor.exitCode() != 0, qPrintable(text));
        QVERIFY2(text.contains(expected), qPrintable(text));
        ranks[victim].process->kill();
        ranks[victim].process->waitForFinished(10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_data = path("data");
        QProcess synth;
        synth.start(INSOLEPOSE_CLI, {"synth", "--out", m_data, "--subjects", "1", "--actions", "squat",
                                     "--minutes-per-action", "0.5", "--no-video"});
        QVERIFY(synth.waitForFinished(120000));
        QVERIFY2(synth.exitCode() == 0, synth.readAllStandardError().constData());
        m_data = path("data/S01-squat");
    }

    void twoRanksMatchOneProcessAveragingTheirGradients()
    {
        // 8 windows per epoch, 4 per rank, 2 per step: 2 steps per epoch.
        runPair("pair", 2, {});
        runReference("reference", 2, {});
        compareSteps("pair", "reference", 4);
        // Only rank 0 writes the run folder.
        QVERIFY(fs::exists(path("pair-out0/model.pt").toStdString()));
        QVERIFY(fs::exists(path("pair-out0/training.json").toStdString()));
        QVERIFY(!fs::exists(path("pair-out1").toStdString()));
    }

    void aResumedRunContinuesOnBothRanks()
    {
        // Rank 0 resumes from its folder (weights, epoch count, Adam's state) and hands that to rank 1,
        // which has no folder: both continue exactly as the resumed reference does.
        QVERIFY(fs::exists(path("pair-out0/last.optim.pt").toStdString()));
        QVERIFY(QDir(path("pair-dump0")).removeRecursively() && QDir(path("pair-dump1")).removeRecursively());
        QVERIFY(QDir(path("reference-dump")).removeRecursively());
        runPair("pair", 1, {"--resume"});
        runReference("reference", 1, {"--resume"});
        compareSteps("pair", "reference", 2);
        QFile json(path("pair-out0/training.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        QVERIFY2(json.readAll().contains("\"epoch\": 3"), "the resumed run did not continue at epoch 3");
    }

    void aRankThatDiesStopsTheOther()
    {
        const auto kill = [](QProcess& p) { p.kill(); };
        survivorStops(1, kill, {}, "rank 1 went away");
        survivorStops(0, kill, {}, "rank 0 (127.0.0.1:");
    }

    void aRankThatStopsAnsweringStopsTheOther()
    {
        const auto stop = [](QProcess& p) { ::kill(pid_t(p.processId()), SIGSTOP); };
        survivorStops(1, stop, {"--rank-timeout", "3"}, "rank 1 did not answer within 3 s");
    }

    void ranksWithDifferentSettingsRefuseToStart()
    {
        // The environment variables stand in for the options here.
        const int port = freePort();
        Rank ranks[2];
        for (int r = 0; r < 2; ++r) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert("MASTER_ADDR", "127.0.0.1");
            env.insert("MASTER_PORT", QString::number(port));
            env.insert("WORLD_SIZE", "2");
            env.insert("RANK", QString::number(r));
            ranks[r] = start(train(path("differ-out%1").arg(r), path("differ-dump%1").arg(r), 1) +
                                 QStringList{"--seed", QString::number(r + 1)},
                             env);
        }
        for (auto& rank : ranks) {
            QVERIFY(rank.process->waitForFinished(60000));
            const QString text = rank.output();
            QVERIFY2(rank.process->exitCode() == 1, qPrintable(text));
            QVERIFY2(text.contains("the ranks differ in the seed (--seed)"), qPrintable(text));
        }
        QVERIFY(!fs::exists(stepFile(path("differ-dump0"), 1)));
    }

    void badDistributedSettingsAreRefused()
    {
        QProcess p;
        p.start(INSOLEPOSE_CLI,
                train(path("bad-out"), path("bad-dump"), 1) + QStringList{"--world-size", "2", "--rank", "2"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("rank 2 is not in 0..1"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("WORLD_SIZE", "two");
        p.setProcessEnvironment(env);
        p.start(INSOLEPOSE_CLI, train(path("bad-out"), path("bad-dump"), 1));
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("WORLD_SIZE: 'two' is not an integer"));
    }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "test_distributed.moc"
