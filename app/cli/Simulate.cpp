// insolepose simulate: a peer that acts as insole boards and speaks their real protocols over
// real sockets (TCP clients like the WiFi boards, a pseudo-terminal like a serial board, UDP
// datagrams), streaming a recorded session or synthetic motion with realistic timing, loss,
// garbage and disconnects. A separate process: the app never takes a shortcut around it.
#include "Commands.h"

#include "insolepose/Error.h"
#include "insolepose/SessionReader.h"
#include "insolepose/devices/InsoleWire.h"
#include "insolepose/synth/InsoleModel.h"
#include "insolepose/synth/Motion.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QTextStream>
#include <QTimer>
#include <QUdpSocket>

#include <fcntl.h>
#include <pty.h>
#include <sys/prctl.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>

#include <memory>
#include <random>

namespace insolepose::cli {
namespace {

using namespace insolepose::devices;

/// Where frames come from: a recorded session (looped) or synthetic motion made on the fly.
class FrameFeed {
public:
    FrameFeed(const QString& session, std::uint32_t seed, double rate_hz, InsoleSize size) : m_rate(rate_hz)
    {
        if (!session.isEmpty()) {
            m_session = std::make_unique<Session>(openSession(session.toStdString()));
            for (Foot f : kFeet)
                if (m_session->tactile(f).size() == 0)
                    throw Error("simulate: session " + session.toStdString() + " has no " + std::string(footName(f)) +
                                " tactile frames");
            return;
        }
        synth::Subject subject = synth::makeSubject(seed, 0);
        subject.insole = size;
        std::vector<std::pair<synth::Action, double>> plan;
        for (synth::Action a : synth::allActions())
            plan.emplace_back(a, 30.0);
        m_timeline = std::make_unique<synth::MotionTimeline>(subject, plan, seed);
        for (Foot f : kFeet)
            m_models[f] = std::make_unique<synth::InsoleModel>(subject, f, seed);
        m_rng.seed(seed);
    }

    std::vector<std::uint16_t> frame(Foot foot, std::uint64_t seq)
    {
        if (m_session) {
            const auto& s = m_session->tactile(foot);
            const auto raw = s.raw(seq % s.size());
            return {raw.begin(), raw.end()};
        }
        const double t = std::fmod(double(seq) / m_rate, m_timeline->duration_s());
        const synth::BodySample b = m_timeline->sample(t);
        const auto& c = b.feet[foot];
        std::vector<float> kpa;
        auto& model = *m_models[foot];
        model.pressure(c, synth::InsoleModel::footForce_N(m_timeline->subject(), c, b.verticalAccel_mps2), kpa);
        std::vector<std::uint16_t> raw;
        model.read(kpa, m_rng, raw);
        return raw;
    }

private:
    double m_rate;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<synth::MotionTimeline> m_timeline;
    FootPair<std::unique_ptr<synth::InsoleModel>> m_models;
    std::mt19937 m_rng;
};

struct Options {
    QString protocol = "tcp";
    QString host = "127.0.0.1";
    quint16 port = 7000;
    double rate_hz = 14.0;
    double loss = 0.0;
    bool garbage = false;
    double disconnectEvery_s = 0.0;
    double duration_s = 0.0; // 0: forever
    QString log;
    Foot serialFoot = Foot::Left;
    std::uint32_t seed = 7;
};

/// Frames each board sent and the ones it dropped (loss or a broken link), for tests and logs.
struct BoardLog {
    QJsonArray sent, dropped;
};

/// One WiFi insole board: a TCP client that samples at the rate and sends what it can.
class WifiBoard : public QObject {
public:
    WifiBoard(int senderId, const Options& o, FrameFeed& feed, std::mt19937& rng, BoardLog& log)
        : m_id(senderId), m_o(o), m_feed(feed), m_rng(rng), m_log(log)
    {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, [this] {
            m_connected = true;
            if (!m_clock.isValid()) { // the board starts sampling once it first reaches the host
                m_clock.start();
                schedule();
            }
        });
        connect(m_socket, &QTcpSocket::disconnected, this, [this] {
            m_connected = false;
            QTimer::singleShot(500, this, [this] { connectToHost(); });
        });
        connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (!m_connected)
                QTimer::singleShot(500, this, [this] { connectToHost(); });
        });
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &WifiBoard::tick);
    }
    void begin() { connectToHost(); }
    void finish()
    {
        m_timer->stop();
        m_socket->flush();
        m_socket->disconnectFromHost();
        m_socket->disconnect(this);
    }
    void dropLink()
    {
        if (m_connected) {
            m_socket->flush();
            m_socket->disconnectFromHost();
        }
    }

private:
    void connectToHost()
    {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            m_socket->connectToHost(m_o.host, m_o.port);
    }
    void schedule()
    {
        // Sampling instants follow the board's clock; sends jitter by a few milliseconds.
        std::normal_distribution<double> jitter(0.0, 2.0);
        const double due_ms = double(m_seq) * 1000.0 / m_o.rate_hz;
        m_timer->start(std::max(0, int(due_ms - double(m_clock.elapsed()) + jitter(m_rng))));
    }
    void tick()
    {
        const std::uint64_t seq = m_seq++;
        std::uniform_real_distribution<double> u01(0.0, 1.0);
        const bool first = seq == 0;
        const bool linked = m_connected && m_socket->state() == QAbstractSocket::ConnectedState;
        if (!linked || (!first && u01(m_rng) < m_o.loss)) {
            m_log.dropped.append(qint64(seq));
        } else {
            if (m_o.garbage && u01(m_rng) < 0.05) {
                // A burst of noise that ends in a newline, as a board glitch would.
                QByteArray junk(int(1 + u01(m_rng) * 3000), '\0');
                for (char& c : junk)
                    c = char(int(u01(m_rng) * 256));
                junk.append('\n');
                m_socket->write(junk);
            }
            const Foot foot = m_id == 1 ? Foot::Left : Foot::Right;
            const InsoleMapping mapping = InsoleMapping::forSize(InsoleSize::Small);
            m_socket->write(
                encodeWifiFrame(int(seq % kMatrixIndexWrap), m_id, mapping.toBoard(m_feed.frame(foot, seq))));
            m_log.sent.append(qint64(seq));
        }
        schedule();
    }

    int m_id;
    const Options& m_o;
    FrameFeed& m_feed;
    std::mt19937& m_rng;
    BoardLog& m_log;
    QTcpSocket* m_socket = nullptr;
    QTimer* m_timer = nullptr;
    QElapsedTimer m_clock;
    std::uint64_t m_seq = 0;
    bool m_connected = false;
};

void writeLog(const Options& o, const FootPair<BoardLog>& logs)
{
    if (o.log.isEmpty())
        return;
    QFile f(o.log);
    if (!f.open(QIODevice::WriteOnly))
        return;
    QJsonObject root{{"rate_hz", o.rate_hz}, {"protocol", o.protocol}};
    for (int i = 0; i < 2; ++i)
        root[i == 0 ? "left" : "right"] = QJsonObject{{"sent", logs[i].sent}, {"dropped", logs[i].dropped}};
    f.write(QJsonDocument(root).toJson(QJsonDocument::Compact));
}

int runTcp(const Options& o, FrameFeed& feed)
{
    std::mt19937 rng(o.seed);
    FootPair<BoardLog> logs;
    WifiBoard left(1, o, feed, rng, logs[0]), right(2, o, feed, rng, logs[1]);
    left.begin();
    right.begin();
    QTimer drop;
    if (o.disconnectEvery_s > 0) {
        drop.setInterval(int(o.disconnectEvery_s * 1000));
        QObject::connect(&drop, &QTimer::timeout, [&] {
            left.dropLink();
            right.dropLink();
        });
        drop.start();
    }
    if (o.duration_s > 0)
        QTimer::singleShot(int(o.duration_s * 1000), [&] {
            left.finish();
            right.finish();
            QTimer::singleShot(300, [] { QCoreApplication::exit(0); });
        });
    const int rc = QCoreApplication::exec();
    writeLog(o, logs);
    return rc;
}

int runUdp(const Options& o, FrameFeed& feed)
{
    QUdpSocket socket;
    UdpLayout layout;
    std::mt19937 rng(o.seed);
    FootPair<BoardLog> logs;
    std::uint64_t seq = 0;
    QElapsedTimer clock;
    clock.start();
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, [&] {
        std::uniform_real_distribution<double> u01(0.0, 1.0);
        for (Foot foot : kFeet) {
            auto& log = logs[foot];
            if (seq > 0 && u01(rng) < o.loss) {
                log.dropped.append(qint64(seq));
                continue;
            }
            UdpFrame frame;
            frame.foot = foot;
            frame.sequence = std::uint32_t(seq);
            frame.readings = feed.frame(foot, seq);
            socket.writeDatagram(encodeUdp(frame, layout), QHostAddress(o.host), o.port);
            log.sent.append(qint64(seq));
        }
        ++seq;
        timer.start(std::max(0, int(double(seq) * 1000.0 / o.rate_hz - double(clock.elapsed()))));
    });
    timer.start(0);
    if (o.duration_s > 0)
        QTimer::singleShot(int(o.duration_s * 1000), [] { QCoreApplication::exit(0); });
    const int rc = QCoreApplication::exec();
    writeLog(o, logs);
    return rc;
}

int runSerial(const Options& o, FrameFeed& feed)
{
    int master = -1, slave = -1;
    char name[256] = {};
    if (::openpty(&master, &slave, name, nullptr, nullptr) != 0) {
        QTextStream(stderr) << "insolepose simulate: cannot open a pseudo-terminal\n";
        return 1;
    }
    termios tio{};
    ::tcgetattr(slave, &tio);
    ::cfmakeraw(&tio);
    ::tcsetattr(slave, TCSANOW, &tio);
    ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
    QTextStream out(stdout);
    out << "serial port: " << name << Qt::endl;
    std::mt19937 rng(o.seed);
    FootPair<BoardLog> logs;
    std::uint64_t seq = 0;
    QSocketNotifier notifier(master, QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, [&] {
        char buf[256];
        const ssize_t n = ::read(master, buf, sizeof buf);
        std::uniform_real_distribution<double> u01(0.0, 1.0);
        for (ssize_t i = 0; i < n; ++i) {
            if (buf[i] != 'a')
                continue;
            auto& log = logs[static_cast<int>(o.serialFoot)];
            const std::uint64_t s = seq++;
            if (s > 0 && u01(rng) < o.loss) {
                log.dropped.append(qint64(s));
                continue;
            }
            const QByteArray frame =
                encodeSerialFrame(int(s % kMatrixIndexWrap),
                                  InsoleMapping::forSize(InsoleSize::Small).toBoard(feed.frame(o.serialFoot, s)));
            for (qsizetype done = 0; done < frame.size();) {
                const ssize_t w = ::write(master, frame.constData() + done, std::size_t(frame.size() - done));
                if (w > 0)
                    done += w;
                else
                    ::usleep(200);
            }
            log.sent.append(qint64(s));
        }
    });
    if (o.duration_s > 0)
        QTimer::singleShot(int(o.duration_s * 1000), [&] {
            notifier.setEnabled(false); // answer no more polls; let the host read what was sent
            QTimer::singleShot(500, [] { QCoreApplication::exit(0); });
        });
    const int rc = QCoreApplication::exec();
    writeLog(o, logs);
    ::close(slave);
    ::close(master);
    return rc;
}

} // namespace

int runSimulate(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Act as a pair of insole boards: stream a session or synthetic motion over the boards' real protocols.");
    const QCommandLineOption protocolOpt("protocol", "tcp (WiFi boards, default), serial (pseudo-terminal) or udp.",
                                         "P", "tcp");
    const QCommandLineOption hostOpt("host", "Host to connect or send to (default 127.0.0.1).", "HOST", "127.0.0.1");
    const QCommandLineOption portOpt("port", "Port (default 7000).", "PORT", "7000");
    const QCommandLineOption sessionOpt("session", "Stream this session's raw frames (looped).", "DIR");
    const QCommandLineOption seedOpt("seed", "Seed of the synthetic motion and of loss (default 7).", "N", "7");
    const QCommandLineOption rateOpt("rate", "Frames per second per board (default 14).", "HZ", "14");
    const QCommandLineOption lossOpt("loss", "Fraction of frames lost (default 0).", "P", "0");
    const QCommandLineOption garbageOpt("garbage", "Send bursts of garbage between frames now and then.");
    const QCommandLineOption disconnectOpt("disconnect-every", "Drop the connection every SEC seconds.", "SEC", "0");
    const QCommandLineOption durationOpt("duration", "Stop after SEC seconds (default: run until killed).", "SEC", "0");
    const QCommandLineOption logOpt("log", "Write the frames sent and dropped to FILE (JSON).", "FILE");
    const QCommandLineOption footOpt("foot", "Serial: which insole this board is (left/right).", "FOOT", "left");
    const QCommandLineOption exitWithParentOpt(
        "exit-with-parent", "Exit when the process that started this one dies, even if it crashes (Linux).");
    parser.addOptions({protocolOpt, hostOpt, portOpt, sessionOpt, seedOpt, rateOpt, lossOpt, garbageOpt, disconnectOpt,
                       durationOpt, logOpt, footOpt, exitWithParentOpt});
    int rc = 0;
    if (!parseCommand(parser, args, "simulate", rc))
        return rc;
    QTextStream err(stderr), out(stdout);
    if (parser.isSet(exitWithParentOpt)) {
        // The kernel sends SIGTERM when the parent dies; if it died before this call, we were
        // already handed to another parent: leave now. SIGTERM's default action ends the process.
        const pid_t parent = ::getppid();
        if (::prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) {
            err << "insolepose simulate: --exit-with-parent: prctl(PR_SET_PDEATHSIG) failed\n";
            return 1;
        }
        std::signal(SIGTERM, SIG_DFL);
        if (parent == 1 || ::getppid() != parent)
            return 0;
    }
    Options o;
    o.protocol = parser.value(protocolOpt);
    o.host = parser.value(hostOpt);
    const auto port = integerOption(parser, portOpt, 1, 65535, "simulate");
    const auto rate = numberOption(parser, rateOpt, 0.1, 1000, "simulate");
    const auto loss = numberOption(parser, lossOpt, 0, 0.99, "simulate");
    const auto disconnectEvery = numberOption(parser, disconnectOpt, 0, 2e6, "simulate"); // ms fit an int
    const auto duration = numberOption(parser, durationOpt, 0, 2e6, "simulate");
    const auto seed = integerOption(parser, seedOpt, 0, 4294967295LL, "simulate");
    if (!port || !rate || !loss || !disconnectEvery || !duration || !seed)
        return 2;
    if (o.protocol != "tcp" && o.protocol != "udp" && o.protocol != "serial") {
        err << "insolepose simulate: --protocol '" << o.protocol << "': must be tcp, serial or udp\n";
        return 2;
    }
    if (parser.value(footOpt) != "left" && parser.value(footOpt) != "right") {
        err << "insolepose simulate: --foot '" << parser.value(footOpt) << "': must be left or right\n";
        return 2;
    }
    o.port = quint16(*port);
    o.rate_hz = *rate;
    o.loss = *loss;
    o.disconnectEvery_s = *disconnectEvery;
    o.duration_s = *duration;
    o.seed = std::uint32_t(*seed);
    o.garbage = parser.isSet(garbageOpt);
    o.log = parser.value(logOpt);
    o.serialFoot = parser.value(footOpt) == "right" ? Foot::Right : Foot::Left;
    try {
        FrameFeed feed(parser.value(sessionOpt), o.seed, o.rate_hz, InsoleSize::Small);
        if (o.protocol == "tcp")
            return runTcp(o, feed);
        if (o.protocol == "udp")
            return runUdp(o, feed);
        return runSerial(o, feed);
    } catch (const Error& e) {
        err << "insolepose simulate: " << e.what() << "\n";
        return 1;
    }
}

} // namespace insolepose::cli
