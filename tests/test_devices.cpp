// Devices over real sockets against the simulator peer (a separate process): TCP WiFi boards
// with loss, garbage and disconnects into the recorder; serial through a pseudo-terminal; UDP;
// replay; calibration; a camera; hostile peers; and a recorder killed with SIGKILL.
#include "insolepose/Error.h"
#include "insolepose/SessionReader.h"
#include "insolepose/devices/DeviceThread.h"
#include "insolepose/devices/Recorder.h"
#include "insolepose/devices/ReplaySource.h"
#include "insolepose/devices/SerialInsoleSource.h"
#include "insolepose/devices/SourceUrl.h"
#include "insolepose/devices/TcpInsoleServer.h"
#include "insolepose/devices/UdpInsoleSource.h"
#include "insolepose/media/CameraRecorder.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkDatagram>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

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

BoardMatrix filled(std::uint16_t value)
{
    BoardMatrix m;
    m.fill(value);
    return m;
}

/// A WiFi board played by the test: a TCP client that sends frames when told to.
struct TestBoard {
    QTcpSocket socket;
    bool connectTo(quint16 port)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        return socket.waitForConnected(3000);
    }
    void send(int index, int senderId, std::uint16_t value)
    {
        socket.write(encodeWifiFrame(index, senderId, filled(value)));
        socket.waitForBytesWritten(1000);
    }
};

bool connected(QTcpSocket& s)
{
    s.waitForReadyRead(0); // let the socket notice a close from the server
    return s.state() == QAbstractSocket::ConnectedState;
}

std::unique_ptr<DeviceThread> startTcpServer(std::shared_ptr<FrameQueue> queue, quint16* port,
                                             TcpServerLimits limits = {})
{
    const InsoleMapping map = InsoleMapping::forSize(InsoleSize::Small);
    auto server = std::make_unique<DeviceThread>(
        std::make_unique<TcpInsoleServer>(QHostAddress::LocalHost, 0, FootPair<InsoleMapping>{map, map}, queue, limits),
        "tcp");
    server->start();
    QElapsedTimer t;
    t.start();
    while (server->as<TcpInsoleServer>()->serverPort() == 0 && t.elapsed() < 5000)
        QTest::qWait(10);
    *port = server->as<TcpInsoleServer>()->serverPort();
    return server;
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
        TcpServerLimits limits;
        limits.idleTimeout_ms = 30000; // this test is about memory: the 8 MiB may take a while on a busy machine
        DeviceThread server(std::make_unique<TcpInsoleServer>(QHostAddress::LocalHost, 0,
                                                              FootPair<InsoleMapping>{map, map}, queue, limits),
                            "tcp");
        server.start();
        QTRY_VERIFY(server.as<TcpInsoleServer>()->serverPort() != 0);
        const quint16 port = server.as<TcpInsoleServer>()->serverPort();
        // Ten connections: only four are kept (the newest: ones that never sent a frame give way).
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

    void aSecondConnectionForAConnectedBoardIsRefused()
    {
        // A peer that sends one valid frame carrying the id of a board that is streaming (once
        // a SIGSEGV in the server) is refused: the server lives on, the board keeps its
        // connection, and only the board's frames are recorded.
        auto queue = std::make_shared<FrameQueue>();
        quint16 port = 0;
        auto server = startTcpServer(queue, &port);
        QVERIFY(port != 0);
        auto* tcp = server->as<TcpInsoleServer>();
        TestBoard board, spoof;
        QVERIFY(board.connectTo(port));
        for (int i = 0; i < 5; ++i)
            board.send(i, 1, 100);
        QTRY_COMPARE(tcp->stats().feet[0].frames, std::uint64_t(5));
        QVERIFY(spoof.connectTo(port));
        spoof.send(200, 1, 4095);
        spoof.send(201, 1, 4095);
        for (int i = 5; i < 20; ++i) {
            board.send(i, 1, 100);
            QTest::qWait(20);
        }
        QTRY_COMPARE(tcp->stats().feet[0].frames, std::uint64_t(20));
        QTest::qWait(100);
        const SourceStats st = tcp->stats();
        QCOMPARE(st.feet[0].frames, std::uint64_t(20));
        QCOMPARE(st.feet[0].lost, std::uint64_t(0));
        QVERIFY(st.feet[0].connected);
        QCOMPARE(st.rejected, std::uint64_t(2));
        QVERIFY(connected(board.socket));
        std::vector<std::uint32_t> sequences;
        for (const auto& f : queue->drain()) {
            QCOMPARE(f.foot, Foot::Left);
            QVERIFY(std::all_of(f.raw_adc.begin(), f.raw_adc.end(), [](std::uint16_t v) { return v == 100; }));
            sequences.push_back(f.sequence);
        }
        QCOMPARE(sequences.size(), std::size_t(20));
        QCOMPARE(sequences.back(), 19u);
        server->stop();
    }

    void aBoardThatReconnectsTakesOverItsSilentConnection()
    {
        // A board reset: its old connection stays open but silent, the board connects again and
        // streams. After the takeover time the new connection owns the board; the old one is
        // closed. No crash, and every frame from the new connection after the takeover is kept.
        auto queue = std::make_shared<FrameQueue>();
        quint16 port = 0;
        auto server = startTcpServer(queue, &port);
        auto* tcp = server->as<TcpInsoleServer>();
        TestBoard before, after;
        QVERIFY(before.connectTo(port));
        for (int i = 0; i < 5; ++i)
            before.send(i, 2, 100);
        QTRY_COMPARE(tcp->stats().feet[1].frames, std::uint64_t(5));
        QVERIFY(after.connectTo(port));
        QElapsedTimer t;
        t.start();
        int index = 5;
        while (t.elapsed() < 2500) {
            after.send(index++, 2, 100);
            QTest::qWait(50);
        }
        QTest::qWait(200);
        const SourceStats st = tcp->stats();
        const std::uint64_t fromAfter = st.feet[1].frames - 5;
        qInfo("reconnect: %d frames sent on the new connection, %llu kept, %llu refused before the takeover", index - 5,
              (unsigned long long)fromAfter, (unsigned long long)st.rejected);
        QVERIFY(fromAfter >= std::uint64_t(index - 5) / 2); // refused only until the old one fell silent
        QCOMPARE(fromAfter + st.rejected, std::uint64_t(index - 5));
        QVERIFY(st.feet[1].connected);
        QVERIFY(connected(after.socket));
        QTRY_VERIFY(!connected(before.socket)); // the stale connection was closed
        server->stop();
    }

    void idleConnectionsCannotLockOutTheBoards()
    {
        // Ten connections that never send a frame (once: every board refused) must not keep the
        // real boards out; idle connections are closed after the idle timeout.
        auto queue = std::make_shared<FrameQueue>();
        quint16 port = 0;
        auto server = startTcpServer(queue, &port);
        auto* tcp = server->as<TcpInsoleServer>();
        std::vector<std::unique_ptr<QTcpSocket>> idle;
        for (int i = 0; i < 10; ++i) {
            idle.push_back(std::make_unique<QTcpSocket>());
            idle.back()->connectToHost(QHostAddress::LocalHost, port);
            QVERIFY(idle.back()->waitForConnected(3000));
        }
        QTest::qWait(200);
        TestBoard left, right;
        QVERIFY(left.connectTo(port));
        QVERIFY(right.connectTo(port));
        for (int i = 0; i < 20; ++i) {
            left.send(i, 1, 100);
            right.send(i, 2, 100);
            QTest::qWait(30);
        }
        QTRY_COMPARE(tcp->stats().feet[0].frames, std::uint64_t(20));
        QTRY_COMPARE(tcp->stats().feet[1].frames, std::uint64_t(20));
        QVERIFY(connected(left.socket) && connected(right.socket));
        // The boards keep streaming; the idle peers are gone after the idle timeout (3 s).
        QElapsedTimer t;
        t.start();
        int index = 20;
        while (t.elapsed() < 4000) {
            left.send(index, 1, 100);
            right.send(index, 2, 100);
            ++index;
            QTest::qWait(50);
        }
        int stillOpen = 0;
        for (auto& s : idle)
            stillOpen += connected(*s);
        QCOMPARE(stillOpen, 0);
        QVERIFY(connected(left.socket) && connected(right.socket));
        QTRY_COMPARE(tcp->stats().feet[0].frames, std::uint64_t(index));
        QCOMPARE(tcp->stats().feet[0].lost + tcp->stats().feet[1].lost, std::uint64_t(0));
        server->stop();
    }

    void spoofedUdpDatagramsCannotCorruptTheRecording()
    {
        // Valid datagrams from another sender, and forged sequence numbers from the board's own
        // address, are rejected: they enter neither the frames nor the loss and latency figures.
        auto queue = std::make_shared<FrameQueue>();
        DeviceThread source(std::make_unique<UdpInsoleSource>(QHostAddress::LocalHost, 0, UdpLayout{}, queue), "udp");
        source.start();
        auto* udp = source.as<UdpInsoleSource>();
        QTRY_VERIFY(udp->boundPort() != 0);
        const UdpLayout layout;
        QUdpSocket board, spoof;
        QVERIFY(board.bind(QHostAddress::LocalHost, 0));
        QVERIFY(spoof.bind(QHostAddress::LocalHost, 0));
        auto datagram = [&](std::uint32_t seq, std::uint16_t value) {
            UdpFrame f;
            f.foot = Foot::Left;
            f.sequence = seq;
            f.readings.assign(660, value);
            return encodeUdp(f, layout);
        };
        auto send = [&](QUdpSocket& s, std::uint32_t seq, std::uint16_t value) {
            s.writeDatagram(datagram(seq, value), QHostAddress::LocalHost, udp->boundPort());
        };
        std::uint32_t seq = 1000;
        for (int i = 0; i < 30; ++i, ++seq) {
            send(board, seq, 100);
            QTest::qWait(10);
        }
        QTRY_COMPARE(udp->stats().feet[0].frames, std::uint64_t(30));
        send(spoof, seq + 5, 4095); // another sender, a plausible sequence number
        send(board, 0xfffffff0u, 4095); // a forged jump of four billion
        send(board, 3, 4095); // a forged jump backwards
        for (int i = 0; i < 30; ++i, ++seq) {
            send(board, seq, 100);
            QTest::qWait(10);
        }
        QTRY_COMPARE(udp->stats().feet[0].frames, std::uint64_t(60));
        QTest::qWait(100);
        const SourceStats st = udp->stats();
        source.stop();
        qInfo("udp spoof: %llu frames, %llu lost, %llu rejected, latency %.1f ms",
              (unsigned long long)st.feet[0].frames, (unsigned long long)st.feet[0].lost,
              (unsigned long long)st.rejected, st.feet[0].latency_ms);
        QCOMPARE(st.feet[0].frames, std::uint64_t(60));
        QCOMPARE(st.feet[0].lost, std::uint64_t(0));
        QCOMPARE(st.rejected, std::uint64_t(3));
        QVERIFY(st.feet[0].latency_ms < 1000.0);
        for (const auto& f : queue->drain()) {
            QVERIFY(f.sequence >= 1000 && f.sequence < 1060);
            QVERIFY(std::all_of(f.raw_adc.begin(), f.raw_adc.end(), [](std::uint16_t v) { return v == 100; }));
        }
    }

    void aHostilePeerCannotCrashOrLockOutTheRecorder()
    {
        // The simulator streams both boards; meanwhile a peer on the same address keeps opening
        // connections that say nothing, reconnects, and sends valid frames carrying the ids of
        // the connected boards (each of these once crashed the server or refused the boards).
        // Every frame the boards sent is recorded, and nothing the peer sent.
        auto queue = std::make_shared<FrameQueue>();
        quint16 port = 0;
        auto server = startTcpServer(queue, &port);
        QVERIFY(port != 0);
        auto* tcp = server->as<TcpInsoleServer>();
        QProcess sim;
        const QString log = m_tmp.filePath("hostile-log.json");
        sim.start(QStringLiteral(INSOLEPOSE_CLI),
                  {"simulate", "--protocol", "tcp", "--port", QString::number(port), "--session", kDemo, "--rate", "40",
                   "--duration", "5", "--log", log});
        QTRY_VERIFY_WITH_TIMEOUT(tcp->stats().feet[0].connected && tcp->stats().feet[1].connected, 10000);
        std::vector<std::unique_ptr<QTcpSocket>> peer;
        QElapsedTimer t;
        t.start();
        int round = 0;
        while (t.elapsed() < 2500) {
            auto s = std::make_unique<QTcpSocket>();
            s->connectToHost(QHostAddress::LocalHost, port);
            QVERIFY(s->waitForConnected(3000));
            if (round % 3 == 0) { // a valid frame for a board that is connected
                s->write(encodeWifiFrame(round % kMatrixIndexWrap, 1 + round % 2, filled(4095)));
                s->waitForBytesWritten(1000);
            }
            peer.push_back(std::move(s));
            if (peer.size() > 6) // and it reconnects
                peer.erase(peer.begin());
            ++round;
            QTest::qWait(40);
        }
        QVERIFY(sim.waitForFinished(20000));
        QCOMPARE(sim.exitCode(), 0);
        QTest::qWait(300);
        const SourceStats st = tcp->stats();
        server->stop();
        const QJsonObject sent = readLog(log);
        FootPair<std::set<std::uint32_t>> got;
        for (const auto& f : queue->drain()) {
            QVERIFY(std::none_of(f.raw_adc.begin(), f.raw_adc.end(), [](std::uint16_t v) { return v == 4095; }));
            got[f.foot].insert(f.sequence);
        }
        qInfo("hostile peer: %d connections, %llu frames rejected, %llu connections refused; recorded L %zu R %zu",
              round, (unsigned long long)st.rejected, (unsigned long long)st.refusedConnections, got[0].size(),
              got[1].size());
        for (Foot foot : kFeet) {
            const auto sentSeq = toSet(sent[foot == Foot::Left ? "left" : "right"].toObject()["sent"].toArray());
            QVERIFY(sentSeq.size() > 100);
            QVERIFY2(got[foot] == sentSeq, qPrintable("recorded vs sent:" + difference(got[foot], sentSeq)));
        }
        QVERIFY(st.rejected > 0); // the peer's frames were seen and refused
        QCOMPARE(st.refusedConnections, std::uint64_t(0)); // idle peers gave way, boards were never refused
    }

    void connectionsPerAddressAreCapped()
    {
        // One address cannot hold more than its share: of five idle connections from 127.0.0.2
        // only the newest two stay, and a board from another address gets in.
        auto queue = std::make_shared<FrameQueue>();
        quint16 port = 0;
        TcpServerLimits limits;
        limits.maxConnections = 8;
        limits.maxPerAddress = 2;
        auto server = startTcpServer(queue, &port, limits);
        auto* tcp = server->as<TcpInsoleServer>();
        std::vector<std::unique_ptr<QTcpSocket>> other;
        for (int i = 0; i < 5; ++i) {
            other.push_back(std::make_unique<QTcpSocket>());
            QVERIFY(other.back()->bind(QHostAddress(QStringLiteral("127.0.0.2")), 0));
            other.back()->connectToHost(QHostAddress::LocalHost, port);
            QVERIFY(other.back()->waitForConnected(3000));
            QTest::qWait(50);
        }
        QTest::qWait(300);
        std::vector<int> open;
        for (auto& s : other)
            open.push_back(connected(*s) ? 1 : 0);
        QCOMPARE(open, (std::vector<int>{0, 0, 0, 1, 1}));
        TestBoard board;
        QVERIFY(board.connectTo(port));
        board.send(0, 2, 100);
        QTRY_COMPARE(tcp->stats().feet[1].frames, std::uint64_t(1));
        QVERIFY(connected(*other[3]) && connected(*other[4])); // the board took a free slot, not theirs
        server->stop();
    }

    void idleConnectionsAreClosedAfterTheConfiguredTimeout()
    {
        auto queue = std::make_shared<FrameQueue>();
        quint16 port = 0;
        TcpServerLimits limits;
        limits.idleTimeout_ms = 400;
        auto server = startTcpServer(queue, &port, limits);
        TestBoard quiet, board;
        QVERIFY(quiet.connectTo(port));
        QVERIFY(board.connectTo(port));
        QElapsedTimer t;
        t.start();
        for (int i = 0; t.elapsed() < 1500; ++i) {
            board.send(i, 1, 100); // a frame every 50 ms keeps a board open
            QTest::qWait(50);
        }
        QVERIFY(!connected(quiet.socket));
        QVERIFY(connected(board.socket));
        QTest::qWait(800); // then the board falls silent too
        QVERIFY(!connected(board.socket));
        QVERIFY(!server->as<TcpInsoleServer>()->stats().feet[0].connected);
        server->stop();
    }

    void udpTakesOnlyTheAllowedSender()
    {
        auto queue = std::make_shared<FrameQueue>();
        UdpSourceOptions options;
        options.allowedSender = QHostAddress::LocalHost;
        DeviceThread source(std::make_unique<UdpInsoleSource>(QHostAddress::LocalHost, 0, UdpLayout{}, queue, options),
                            "udp");
        source.start();
        auto* udp = source.as<UdpInsoleSource>();
        QTRY_VERIFY(udp->boundPort() != 0);
        QUdpSocket board, spoof;
        QVERIFY(board.bind(QHostAddress::LocalHost, 0));
        QVERIFY(spoof.bind(QHostAddress(QStringLiteral("127.0.0.2")), 0));
        auto send = [&](QUdpSocket& s, Foot foot, std::uint32_t seq, std::uint16_t value) {
            UdpFrame f;
            f.foot = foot;
            f.sequence = seq;
            f.readings.assign(660, value);
            s.writeDatagram(encodeUdp(f, UdpLayout{}), QHostAddress::LocalHost, udp->boundPort());
        };
        for (std::uint32_t i = 0; i < 20; ++i) {
            send(spoof, Foot::Right, i, 4095); // a foot the board does not send: still not taken
            send(board, Foot::Left, i, 100);
            QTest::qWait(10);
        }
        QTRY_COMPARE(udp->stats().feet[0].frames, std::uint64_t(20));
        QTRY_COMPARE(udp->stats().rejected, std::uint64_t(20));
        const SourceStats st = udp->stats();
        source.stop();
        QCOMPARE(st.feet[1].frames, std::uint64_t(0));
        QVERIFY(!st.feet[1].connected);
        for (const auto& f : queue->drain())
            QCOMPARE(f.foot, Foot::Left);
    }

    void sourceUrlLimitsAreCheckedAndNamed()
    {
        auto queue = std::make_shared<FrameQueue>();
        QString error;
        QVERIFY(
            makeInsoleSource("tcp://127.0.0.1:7000?idle_ms=1500&max_per_address=2", InsoleSize::Small, queue, &error));
        QVERIFY(makeInsoleSource("udp://127.0.0.1:7001?from=127.0.0.1", InsoleSize::Small, queue, &error));
        QVERIFY(!makeInsoleSource("tcp://127.0.0.1:7000?idle_ms=soon", InsoleSize::Small, queue, &error));
        QVERIFY2(error.contains("idle_ms=soon"), qPrintable(error));
        QVERIFY(!makeInsoleSource("tcp://127.0.0.1:7000?max_connections=0", InsoleSize::Small, queue, &error));
        QVERIFY2(error.contains("max_connections=0"), qPrintable(error));
        QVERIFY(!makeInsoleSource("udp://127.0.0.1:7001?from=board", InsoleSize::Small, queue, &error));
        QVERIFY2(error.contains("from=board"), qPrintable(error));
    }

    void simulatorExitsWithItsParent()
    {
        // Live mode starts the simulator with --exit-with-parent: when the parent dies (even by
        // SIGKILL, as in a crash) the simulator goes too. Without the option it would live on.
        QUdpSocket sink;
        QVERIFY(sink.bind(QHostAddress::LocalHost, 0));
        auto startUnderShell = [&](bool exitWithParent, qint64* childPid) {
            auto sh = std::make_unique<QProcess>();
            const QString cmd = QStringLiteral("'%1' simulate %2 --protocol udp --port %3 --rate 20 & echo $!; wait")
                                    .arg(QStringLiteral(INSOLEPOSE_CLI),
                                         exitWithParent ? QStringLiteral("--exit-with-parent") : QString())
                                    .arg(sink.localPort());
            sh->start("/bin/sh", {"-c", cmd});
            if (!sh->waitForReadyRead(5000))
                return std::unique_ptr<QProcess>();
            *childPid = sh->readLine().trimmed().toLongLong();
            return sh;
        };
        auto alive = [](qint64 pid) {
            QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
            if (!stat.open(QIODevice::ReadOnly))
                return false;
            const QByteArray line = stat.readAll();
            const qsizetype close = line.lastIndexOf(')');
            return close > 0 && line.size() > close + 2 && line[close + 2] != 'Z'; // a zombie has exited
        };
        auto streaming = [&] {
            while (sink.hasPendingDatagrams())
                sink.receiveDatagram();
            return sink.waitForReadyRead(3000);
        };
        for (const bool exitWithParent : {true, false}) {
            qint64 child = 0;
            auto sh = startUnderShell(exitWithParent, &child);
            QVERIFY(sh);
            QVERIFY(child > 0);
            QVERIFY(streaming()); // the simulator runs
            ::kill(pid_t(sh->processId()), SIGKILL);
            QVERIFY(sh->waitForFinished(5000));
            QElapsedTimer t;
            t.start();
            while (alive(child) && t.elapsed() < 3000)
                QTest::qWait(50);
            if (exitWithParent) {
                QVERIFY2(!alive(child), "the simulator outlived its parent");
            } else {
                QVERIFY(alive(child)); // what --exit-with-parent prevents
                ::kill(pid_t(child), SIGKILL);
            }
        }
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
