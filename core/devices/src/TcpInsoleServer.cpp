#include "insolepose/devices/TcpInsoleServer.h"

#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

Q_LOGGING_CATEGORY(lcTcpInsole, "insolepose.devices.tcp")

namespace insolepose::devices {

namespace {
constexpr int kMaxConnections = 4;
constexpr qint64 kReadChunk = 64 * 1024;
} // namespace

struct TcpInsoleServer::Connection {
    QTcpSocket* socket = nullptr;
    FrameDecoder decoder{FrameDecoder::Kind::Wifi};
    int senderId = 0; ///< Learned from the first valid frame.
};

TcpInsoleServer::TcpInsoleServer(QHostAddress address, quint16 port, FootPair<InsoleMapping> mappings,
                                 std::shared_ptr<FrameQueue> queue, QObject* parent)
    : InsoleSource(QStringLiteral("tcp://%1:%2").arg(address.toString()).arg(port), std::move(queue), parent),
      m_address(std::move(address)), m_port(port), m_mappings(mappings)
{}

TcpInsoleServer::~TcpInsoleServer() = default;

void TcpInsoleServer::start()
{
    if (m_server)
        return;
    m_server = new QTcpServer(this);
    m_server->setMaxPendingConnections(kMaxConnections);
    connect(m_server, &QTcpServer::newConnection, this, &TcpInsoleServer::onNewConnection);
    m_retry = new QTimer(this);
    m_retry->setInterval(1000);
    connect(m_retry, &QTimer::timeout, this, &TcpInsoleServer::tryListen);
    tryListen();
}

void TcpInsoleServer::tryListen()
{
    if (m_server->isListening())
        return;
    if (m_server->listen(m_address, m_port)) {
        m_retry->stop();
        m_boundPort = m_server->serverPort();
        qCInfo(lcTcpInsole) << "listening on" << m_address.toString() << m_server->serverPort();
        setState(LinkState::Waiting, tr("waiting for the insole boards"));
        return;
    }
    reportError(tr("cannot listen on %1:%2: %3").arg(m_address.toString()).arg(m_port).arg(m_server->errorString()));
    setState(LinkState::Failed, m_server->errorString());
    m_retry->start(); // the port may come free
}

void TcpInsoleServer::stop()
{
    for (auto& c : m_connections) {
        c->socket->disconnect(this);
        c->socket->abort();
        c->socket->deleteLater();
    }
    m_connections.clear();
    if (m_server)
        m_server->close();
    if (m_retry)
        m_retry->stop();
    setConnected(Foot::Left, false);
    setConnected(Foot::Right, false);
    setState(LinkState::Stopped);
}

void TcpInsoleServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        if (int(m_connections.size()) >= kMaxConnections) {
            qCWarning(lcTcpInsole) << "refusing a connection from" << socket->peerAddress().toString() << ": too many";
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto c = std::make_unique<Connection>();
        c->socket = socket;
        socket->setReadBufferSize(kReadChunk); // bounded: reads are drained as they come
        Connection* raw = c.get();
        connect(socket, &QTcpSocket::readyRead, this, [this, raw] { onReadyRead(raw); });
        connect(socket, &QTcpSocket::disconnected, this, [this, raw] { onDisconnected(raw); });
        m_connections.push_back(std::move(c));
        qCInfo(lcTcpInsole) << "board connected from" << socket->peerAddress().toString() << socket->peerPort();
    }
}

void TcpInsoleServer::onReadyRead(Connection* c)
{
    char buffer[8192];
    for (;;) {
        const qint64 n = c->socket->read(buffer, sizeof buffer);
        if (n <= 0)
            break;
        c->decoder.feed({buffer, std::size_t(n)});
        while (auto wire = c->decoder.next()) {
            const TimeNs now = hostClock_ns();
            if (c->senderId != wire->senderId) {
                // A board (re)connected: drop an older connection that claimed the same board.
                for (auto& other : m_connections)
                    if (other.get() != c && other->senderId == wire->senderId) {
                        other->senderId = 0;
                        other->socket->abort();
                    }
                c->senderId = wire->senderId;
                setConnected(Foot(wire->senderId - 1), true);
                updateState();
            }
            const Foot foot = Foot(wire->senderId - 1);
            const std::uint64_t lostBefore = m_sequences[foot].lost();
            TactileFrame frame;
            frame.foot = foot;
            frame.hostTime_ns = now;
            frame.sequence = m_sequences[foot].update(wire->matrixIndex);
            frame.raw_adc = m_mappings[foot].toModelGrid(wire->readings);
            addLost(foot, m_sequences[foot].lost() - lostBefore);
            publish(std::move(frame));
        }
    }
    std::uint64_t resyncs = m_closedResyncs, discarded = m_closedDiscarded;
    for (const auto& conn : m_connections) {
        resyncs += conn->decoder.resyncs();
        discarded += conn->decoder.discardedBytes();
    }
    setDecoderStats(resyncs, discarded);
}

void TcpInsoleServer::onDisconnected(Connection* c)
{
    onReadyRead(c); // frames that arrived just before the board hung up
    if (c->senderId == 1 || c->senderId == 2) {
        setConnected(Foot(c->senderId - 1), false);
        countReconnect();
        qCInfo(lcTcpInsole) << "board" << c->senderId << "disconnected";
    }
    m_closedResyncs += c->decoder.resyncs();
    m_closedDiscarded += c->decoder.discardedBytes();
    for (auto it = m_connections.begin(); it != m_connections.end(); ++it)
        if (it->get() == c) {
            (*it)->socket->deleteLater();
            m_connections.erase(it);
            break;
        }
    updateState();
}

void TcpInsoleServer::updateState()
{
    const SourceStats s = stats();
    const bool left = s.feet[0].connected, right = s.feet[1].connected;
    if (left && right)
        setState(LinkState::Connected, tr("both boards connected"));
    else if (left || right)
        setState(LinkState::Reconnecting, left ? tr("right board missing") : tr("left board missing"));
    else if (m_server && m_server->isListening())
        setState(LinkState::Waiting, tr("waiting for the insole boards"));
}

} // namespace insolepose::devices
