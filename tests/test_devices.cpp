// Devices over real sockets against the simulator peer (a separate process): TCP WiFi boards
// with loss, garbage and disconnects into the recorder; serial through a pseudo-terminal; UDP;
// replay; calibration; a camera; hostile peers; and a recorder killed with SIGKILL.
#include "insolepose/Error.h"
#include "insolepose/SessionReader.h"
#include "insolepose/devices/DeviceThread.h"
#include "insolepose/devices/Recorder.h"
#include "insolepose/devices/ReplaySource.h"
#include "insolepose/devices/SerialInsoleSource.h"
#include "insolepose/devices/TcpInsoleServer.h"
#include "insolepose/devices/UdpInsoleSource.h"
#include "insolepose/media/CameraRecorder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <csignal>
#include <random>
#include <set>

using namespace insolepose;
using namespace insolepose::devices;
using insolepose::media::CameraRecorder;
namespace fs = std::filesystem;

namespace {

const QString kDemo = QStringLiteral(INSOLEPOSE_DEMO_SESSION);

QJsonObject readLog(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QString difference(const std::set<std::uint32_t>& a, const std::set<std::uint32_t>& b)
{
    QString out;
    for (auto v : a)
        if (!b.count(v))
            out += QStringLiteral(" +%1").arg(v);
    for (auto v : b)
        if (!a.count(v))
            out += QStringLiteral(" -%1").arg(v);
    return out;
}

std::set<std::uint32_t> toSet(const QJsonArray& a)
{
    std::set<std::uint32_t> s;
    for (const auto& v : a)
        s.insert(std::uint32_t(v.toInteger()));
    return s;
}

} // namespace

class TestDevices : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fs::path path(const QString& name) const { return fs::path(m_tmp.filePath(name).toStdString()); }

private Q_SLOTS:
    void tcpBoardsWithLossGarbageAndDisconnects()
    {
        auto queue = std::make_shared<FrameQueue>();
        const InsoleMapping map = InsoleMapping::forSize(InsoleSize::Small);
        DeviceThread server(
            std::make_unique<TcpInsoleServer>(QHostAddress::LocalHost, 0, FootPair<InsoleMapping>{map, map}, queue),
            "tcp");
        server.start();
        QTRY_VERIFY(server.as<TcpInsoleServer>()->serverPort() != 0);
        const quint16 port = server.as<TcpInsoleServer>()->serverPort();

        SessionMetadata meta;
        meta.id = "tcp-test";
        Recorder recorder(path("tcp"), meta, queue, hostClock_ns());
        recorder.setCalibrationSeconds(1.0);
        recorder.start();

        QProcess sim;
        const QString log = m_tmp.filePath("tcp-log.json");
        sim.start(
            QStringLiteral(INSOLEPOSE_CLI),
            {"simulate", "--protocol", "tcp",   "--port",    QString::number(port), "--session", kDemo,        "--rate",
             "60",       "--loss",     "0.05",  "--garbage", "--disconnect-every",  "2.5",       "--duration", "6",
             "--seed",   "11",         "--log", log});
        QVERIFY(sim.waitForFinished(30000));
        QCOMPARE(sim.exitCode(), 0);
        QTest::qWait(300);
        const SourceStats st = server.as<TcpInsoleServer>()->stats();
        server.stop();
        recorder.stop();

        const QJsonObject sent = readLog(log);
        const Session s = openSession(path("tcp"));
        QVERIFY2(s.warnings().empty(), s.warnings().empty() ? "" : s.warnings()[0].c_str());
        const Session demo = openSession(kDemo.toStdString());
        for (Foot foot : kFeet) {
            const QJsonObject board = sent[foot == Foot::Left ? "left" : "right"].toObject();
            const auto sentSeq = toSet(board["sent"].toArray());
            const auto droppedSeq = toSet(board["dropped"].toArray());
            const auto& stream = s.tactile(foot);
            std::set<std::uint32_t> got;
            for (std::size_t i = 0; i < stream.size(); ++i) {
                got.insert(stream.sequenceAt(i));
                // Every recorded frame is exactly the frame that was sent.
                const auto& src = demo.tactile(foot);
                const auto expected = src.raw(stream.sequenceAt(i) % src.size());
                QVERIFY(std::equal(expected.begin(), expected.end(), stream.raw(i).begin()));
            }
            QVERIFY2(got == sentSeq, qPrintable("recorded vs sent:" + difference(got, sentSeq)));
            // Frames dropped before the last one sent show up as gaps; count them exactly.
            const auto lastSent = *sentSeq.rbegin();
            const auto lostBeforeLast =
                std::count_if(droppedSeq.begin(), droppedSeq.end(), [&](std::uint32_t q) { return q < lastSent; });
            qInfo("%s: sent %zu, dropped %zu (%ld before the last sent), recorded %zu, counted lost %llu",
                  footName(foot).data(), sentSeq.size(), droppedSeq.size(), long(lostBeforeLast), stream.size(),
                  (unsigned long long)st.feet[foot].lost);
            QCOMPARE(st.feet[foot].lost, std::uint64_t(lostBeforeLast));
            QVERIFY(lostBeforeLast > 5);
        }
        QVERIFY(st.resyncs > 0); // the garbage was seen and skipped
        QVERIFY(st.reconnects >= 2); // the boards dropped out and came back
        QVERIFY(!s.events().empty()); // and the gaps were recorded
        QCOMPARE(s.events().front().kind, std::string("gap"));
        // The first second calibrated both insoles.
        for (const auto& insole : s.metadata().insoles)
            QCOMPARE(insole.calibration.mode(), Calibration::Mode::PerTaxelBaseline);
        QVERIFY(st.feet[0].latency_ms >= 0.0 && st.feet[0].latency_ms < 200.0);
    }

    void serialBoardThroughAPseudoTerminal()
    {
        QProcess sim;
        const QString log = m_tmp.filePath("serial-log.json");
        sim.start(QStringLiteral(INSOLEPOSE_CLI),
                  {"simulate", "--protocol", "serial", "--session", kDemo, "--loss", "0.1", "--duration", "4", "--seed",
                   "5", "--foot", "right", "--log", log});
        QVERIFY(sim.waitForReadyRead(10000));
        const QString line = QString::fromUtf8(sim.readLine()).trimmed();
        QVERIFY2(line.startsWith("serial port: "), qPrintable(line));
        const QString port = line.mid(13);
        auto queue = std::make_shared<FrameQueue>();
        DeviceThread source(std::make_unique<SerialInsoleSource>(port, Foot::Right, 40.0,
                                                                 InsoleMapping::forSize(InsoleSize::Small), queue),
                            "serial");
        source.start();
        QVERIFY(sim.waitForFinished(20000));
        const SourceStats st = source.as<SerialInsoleSource>()->stats();
        source.stop();
        const auto frames = queue->drain();
        const QJsonObject board = readLog(log)["right"].toObject();
        std::set<std::uint32_t> got;
        for (const auto& f : frames) {
            QCOMPARE(f.foot, Foot::Right);
            got.insert(f.sequence);
        }
        qInfo("serial: %zu frames, %llu counted lost", frames.size(), (unsigned long long)st.feet[1].lost);
        QVERIFY(frames.size() > 60);
        QVERIFY2(got == toSet(board["sent"].toArray()),
                 qPrintable("received vs sent:" + difference(got, toSet(board["sent"].toArray()))));
        const auto dropped = toSet(board["dropped"].toArray());
        const auto last = *got.rbegin();
        QCOMPARE(st.feet[1].lost,
                 std::uint64_t(std::count_if(dropped.begin(), dropped.end(), [&](auto q) { return q < last; })));
    }

    void udpFrames()
    {
        auto queue = std::make_shared<FrameQueue>();
        DeviceThread source(std::make_unique<UdpInsoleSource>(QHostAddress::LocalHost, 0, UdpLayout{}, queue), "udp");
        source.start();
        QTRY_VERIFY(source.as<UdpInsoleSource>()->boundPort() != 0);
        QProcess sim;
        sim.start(QStringLiteral(INSOLEPOSE_CLI), {"simulate", "--protocol", "udp", "--port",
                                                   QString::number(source.as<UdpInsoleSource>()->boundPort()), "--rate",
                                                   "50", "--duration", "2", "--seed", "3"});
        QVERIFY(sim.waitForFinished(20000));
        QTest::qWait(200);
        const SourceStats st = source.as<UdpInsoleSource>()->stats();
        source.stop();
        const auto frames = queue->drain();
        qInfo("udp: %zu frames", frames.size());
        QVERIFY(frames.size() > 150); // ~100 per foot
        QCOMPARE(st.feet[0].lost + st.feet[1].lost, std::uint64_t(0));
        for (const auto& f : frames)
            for (auto v : f.raw_adc)
                QVERIFY(v <= 4095);
    }

    void hostilePeersCannotHurtTheServer()
    {
        auto queue = std::make_shared<FrameQueue>(64);
        const InsoleMapping map = InsoleMapping::forSize(InsoleSize::Small);
        DeviceThread server(
            std::make_unique<TcpInsoleServer>(QHostAddress::LocalHost, 0, FootPair<InsoleMapping>{map, map}, queue),
            "tcp");
        server.start();
        QTRY_VERIFY(server.as<TcpInsoleServer>()->serverPort() != 0);
        const quint16 port = server.as<TcpInsoleServer>()->serverPort();
        // Ten connections: only four are kept.
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (int i = 0; i < 10; ++i) {
            sockets.push_back(std::make_unique<QTcpSocket>());
            sockets.back()->connectToHost(QHostAddress::LocalHost, port);
            QVERIFY(sockets.back()->waitForConnected(3000));
        }
        QTest::qWait(300);
        int open = 0;
        for (auto& s : sockets)
            open += s->state() == QAbstractSocket::ConnectedState;
        QCOMPARE(open, 4);
        // 8 MB of garbage without a single newline, then a valid frame.
        QTcpSocket* s = nullptr;
        for (auto& sock : sockets)
            if (sock->state() == QAbstractSocket::ConnectedState)
                s = sock.get();
        const QByteArray junk(64 * 1024, 'Z');
        for (int i = 0; i < 128; ++i) {
            s->write(junk);
            s->waitForBytesWritten(1000);
        }
        s->write("\n" + encodeWifiFrame(9, 1, BoardMatrix{}));
        s->waitForBytesWritten(1000);
        QTRY_VERIFY(server.as<TcpInsoleServer>()->stats().feet[0].frames == 1);
        const SourceStats st = server.as<TcpInsoleServer>()->stats();
        QVERIFY(st.discardedBytes >= 8u * 1024 * 1024);
        server.stop();
    }

    void calibrationFlagsDeadAndStuckTaxels()
    {
        CalibrationCapture cap(kLargeInsoleGrid, 100.0f);
        std::mt19937 rng(1);
        std::normal_distribution<float> noise(0.0f, 2.0f);
        for (int k = 0; k < 30; ++k) {
            std::vector<std::uint16_t> raw(660, 0);
            for (int r = 0; r < 29; ++r)
                for (int c = 0; c < 21; ++c)
                    raw[std::size_t(r * 22 + c)] = std::uint16_t(2900 + r + std::lround(noise(rng)));
            raw[40] = 2950; // dead: never changes
            raw[41] = 4095; // stuck at full scale
            cap.add(raw);
        }
        const Calibration c = cap.result();
        QCOMPARE(cap.deadCount(), std::size_t(1));
        QCOMPARE(cap.stuckCount(), std::size_t(1));
        QCOMPARE(c.badTaxels()[40], std::uint8_t(1));
        QCOMPARE(c.badTaxels()[41], std::uint8_t(1));
        QCOMPARE(c.badTaxels()[21], std::uint8_t(0)); // padding is not a dead taxel
        QVERIFY(std::abs(c.baseline()[5 * 22 + 3] - 2905.0f) < 1.5f);
        QCOMPARE(c.span(), 100.0f);
        QVERIFY_THROWS_EXCEPTION(Error, CalibrationCapture().result());
    }

    void replayPlaysASession()
    {
        auto queue = std::make_shared<FrameQueue>();
        DeviceThread replay(std::make_unique<ReplaySource>(kDemo.toStdString(), 25.0, false, queue), "replay");
        replay.start();
        const Session demo = openSession(kDemo.toStdString());
        const std::size_t total = demo.tactile(Foot::Left).size() + demo.tactile(Foot::Right).size();
        std::size_t got = 0;
        QTRY_VERIFY_WITH_TIMEOUT((got += queue->drain().size(), got == total), 15000);
        replay.stop();
    }

    void cameraFileIsRecordedWithTimestamps()
    {
        const std::string video = m_tmp.filePath("in.avi").toStdString();
        {
            cv::VideoWriter w(video, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30, cv::Size(320, 240));
            QVERIFY(w.isOpened());
            for (int i = 0; i < 30; ++i) {
                cv::Mat m(240, 320, CV_8UC3, cv::Scalar(i * 8, 60, 200 - i * 5));
                w.write(m);
            }
        }
        DeviceThread cam(std::make_unique<CameraRecorder>(QString::fromStdString(video), path("cam/cameras"), "cam0",
                                                          hostClock_ns(), true),
                         "camera");
        cam.start();
        QTest::qWait(2000);
        const CameraStats st = cam.as<CameraRecorder>()->stats();
        cam.stop();
        qInfo("camera: %llu frames at %.1f fps, %llu dropped", (unsigned long long)st.frames, st.frameRate_hz,
              (unsigned long long)st.dropped);
        QVERIFY(st.frames >= 50); // 30 fps for 2 s, looping a 1 s file
        const NpyArray stamps = NpyArray::open(path("cam/cameras/cam0_timestamps.npy"));
        QCOMPARE(stamps.rows(), std::size_t(st.frames));
        cv::VideoCapture back(path("cam/cameras/cam0.mkv").string());
        QVERIFY(back.isOpened());
        std::size_t n = 0;
        cv::Mat f;
        while (back.read(f))
            ++n;
        QCOMPARE(n, std::size_t(st.frames));
    }

    void killedRecorderKeepsAllButTheLastSecond()
    {
        QProcess sim;
        sim.start(QStringLiteral(INSOLEPOSE_CLI), {"simulate", "--protocol", "tcp", "--port", "7391", "--session",
                                                   kDemo, "--rate", "50", "--duration", "20"});
        QProcess rec;
        const QString dir = m_tmp.filePath("killed");
        rec.start(QStringLiteral(INSOLEPOSE_CLI), {"record", "--insoles", "tcp://127.0.0.1:7391", "--out", dir});
        QVERIFY(rec.waitForStarted(5000));
        const QRegularExpression re("recorded L (\\d+) R (\\d+)");
        qint64 left = 0, right = 0;
        QByteArray buffer;
        while (left < 150) { // about three seconds at 50 Hz
            QVERIFY2(rec.waitForReadyRead(10000), "recorder printed nothing");
            buffer += rec.readAllStandardOutput();
            const auto lines = buffer.split('\n');
            for (const auto& l : lines) {
                const auto m = re.match(QString::fromUtf8(l));
                if (m.hasMatch()) {
                    left = m.captured(1).toLongLong();
                    right = m.captured(2).toLongLong();
                }
            }
        }
        ::kill(pid_t(rec.processId()), SIGKILL);
        QVERIFY(rec.waitForFinished(5000));
        sim.kill();
        sim.waitForFinished(5000);
        const Session s = openSession(dir.toStdString());
        QVERIFY(s.wasInterrupted());
        qInfo("recorder had reported L %lld R %lld frames; the reopened session holds L %zu R %zu", left, right,
              s.tactile(Foot::Left).size(), s.tactile(Foot::Right).size());
        // Whatever was reported up to a second before the kill is there (50 frames a second).
        QVERIFY(qint64(s.tactile(Foot::Left).size()) >= left - 50);
        QVERIFY(qint64(s.tactile(Foot::Right).size()) >= right - 50);
    }
};

QTEST_GUILESS_MAIN(TestDevices)
#include "test_devices.moc"
