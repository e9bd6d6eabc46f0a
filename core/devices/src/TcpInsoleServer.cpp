#include "insolepose/devices/TcpInsoleServer.h"

#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcTcpInsole, "insolepose.devices.tcp")

namespace insolepose::devices {

namespace {
constexpr qint64 kReadChunk = 64 * 1024;
} // namespace

struct TcpInsoleServer::Connection {
    QTcpSocket* socket = nullptr;
    QHostAddress peer;
    quint16 peerPort = 0;
    FrameDecoder decoder{FrameDecoder::Kind::Wifi};
    int senderId = 0; ///< Learned from the first valid frame; 0 until then.
    TimeNs opened_ns = 0;
    TimeNs lastFrame_ns = 0; ///< Host time of its last valid frame (0: none yet).
    bool refusedLogged = false;
    bool closed = false; ///< Socket aborted and scheduled for deletion; removed by removeClosed().

    QString describe() const { return QStringLiteral("%1:%2").arg(peer.toString()).arg(peerPort); }
};

TcpInsoleServer::TcpInsoleServer(QHostAddress address, quint16 port, FootPair<InsoleMapping> mappings,
                                 std::shared_ptr<FrameQueue> queue, QObject* parent)
    : TcpInsoleServer(std::move(address), port, mappings, std::move(queue), TcpServerLimits{}, parent)
{}

TcpInsoleServer::TcpInsoleServer(QHostAddress address, quint16 port, FootPair<InsoleMapping> mappings,
                                 std::shared_ptr<FrameQueue> queue, TcpServerLimits limits, QObject* parent)
    : InsoleSource(QStringLiteral("tcp://%1:%2").arg(address.toString()).arg(port), std::move(queue), parent),
      m_address(std::move(address)), m_port(port), m_mappings(mappings), m_limits(limits)
{
    m_limits.maxConnections = std::max(1, m_limits.maxConnections);
    m_limits.maxPerAddress = std::max(1, m_limits.maxPerAddress);
    m_limits.idleTimeout_ms = std::max(50, m_limits.idleTimeout_ms);
    m_limits.takeoverAfter_ms = std::max(0, m_limits.takeoverAfter_ms);
}

TcpInsoleServer::~TcpInsoleServer() = default;

void TcpInsoleServer::start()
{
    if (m_server)
        return;
    m_server = new QTcpServer(this);
    m_server->setMaxPendingConnections(m_limits.maxConnections + 4);
    connect(m_server, &QTcpServer::newConnection, this, &TcpInsoleServer::onNewConnection);
    m_retry = new QTimer(this);
    m_retry->setInterval(1000);
    connect(m_retry, &QTimer::timeout, this, &TcpInsoleServer::tryListen);
    m_idleCheck = new QTimer(this);
    m_idleCheck->setInterval(std::clamp(m_limits.idleTimeout_ms / 4, 20, 250));
    connect(m_idleCheck, &QTimer::timeout, this, &TcpInsoleServer::closeIdle);
    m_idleCheck->start();
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
    for (auto& c : m_connections)
        closeConnection(c.get(), QStringLiteral("stopping"), false);
    m_connections.clear(); // stop() is a queued call, never inside a socket's handler
    if (m_server)
        m_server->close();
    if (m_retry)
        m_retry->stop();
    if (m_idleCheck)
        m_idleCheck->stop();
    setConnected(Foot::Left, false);
    setConnected(Foot::Right, false);
    setState(LinkState::Stopped);
}

bool TcpInsoleServer::makeRoom(const QHostAddress& peer)
{
    // Connections that never sent a valid frame give way (oldest first) to a newcomer, so idle
    // peers cannot keep the boards out; a connection that carries a board is never pushed out.
    auto open = [&](bool samePeerOnly) {
        int n = 0;
        for (const auto& c : m_connections)
            n += !c->closed && (!samePeerOnly || c->peer.isEqual(peer));
        return n;
    };
    auto evictOldestUnidentified = [&](bool samePeerOnly, const char* why) {
        Connection* victim = nullptr;
        for (const auto& c : m_connections)
            if (!c->closed && c->senderId == 0 && (!samePeerOnly || c->peer.isEqual(peer)) &&
                (!victim || c->opened_ns < victim->opened_ns))
                victim = c.get();
        if (victim)
            closeConnection(victim, QStringLiteral("%1: it sent no frame yet and a new connection needs its slot")
                                        .arg(QString::fromLatin1(why)));
        return victim != nullptr;
    };
    while (open(true) >= m_limits.maxPerAddress)
        if (!evictOldestUnidentified(true, "too many connections from one address"))
            return false;
    while (open(false) >= m_limits.maxConnections)
        if (!evictOldestUnidentified(false, "too many connections"))
            return false;
    return true;
}

void TcpInsoleServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        const QHostAddress peer = socket->peerAddress();
        if (!makeRoom(peer)) {
            qCWarning(lcTcpInsole).noquote() << "refusing a connection from" << peer.toString()
                                             << ": every slot is held by a board (limits: " << m_limits.maxConnections
                                             << "in all," << m_limits.maxPerAddress << "per address)";
            countRefusedConnection();
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto c = std::make_unique<Connection>();
        c->socket = socket;
        c->peer = peer;
        c->peerPort = socket->peerPort();
        c->opened_ns = hostClock_ns();
        socket->setReadBufferSize(kReadChunk); // bounded: reads are drained as they come
        Connection* raw = c.get();
        connect(socket, &QTcpSocket::readyRead, this, [this, raw] { onReadyRead(raw); });
        connect(socket, &QTcpSocket::disconnected, this, [this, raw] { onDisconnected(raw); });
        m_connections.push_back(std::move(c));
        qCInfo(lcTcpInsole).noquote() << "connection from" << raw->describe();
    }
}

bool TcpInsoleServer::claim(Connection* c, int senderId, TimeNs now)
{
    if (c->senderId == senderId)
        return true;
    if (c->senderId != 0) {
        // A board never changes its id: such a frame is not taken (the connection's own board's
        // frames still are).
        qCWarning(lcTcpInsole).noquote() << "rejecting a frame from" << c->describe() << ": it is board" << c->senderId
                                         << "and sent a frame as board" << senderId;
        countRejected();
        return false;
    }
    const Foot foot = Foot(senderId - 1);
    if (Connection* holder = m_holders[foot]; holder && holder != c) {
        const TimeNs silent_ns = now - std::max(holder->lastFrame_ns, holder->opened_ns);
        if (silent_ns <= TimeNs(m_limits.takeoverAfter_ms) * 1'000'000) {
            // Refused: its frames are not recorded, and as it delivers none the idle timeout
            // closes it, unless the holder falls silent first (then this one takes over).
            if (!c->refusedLogged)
                qCWarning(lcTcpInsole).noquote() << "refusing frames from" << c->describe() << ": board" << senderId
                                                 << "is connected from" << holder->describe() << "and sending";
            c->refusedLogged = true;
            countRejected();
            return false;
        }
        closeConnection(holder, QStringLiteral("board %1 reconnected from %2 after %3 ms of silence here")
                                    .arg(senderId)
                                    .arg(c->describe())
                                    .arg(silent_ns / 1'000'000));
    }
    c->senderId = senderId;
    m_holders[foot] = c;
    setConnected(foot, true);
    qCInfo(lcTcpInsole).noquote() << "board" << senderId << "is" << c->describe();
    updateState();
    return true;
}

void TcpInsoleServer::onReadyRead(Connection* c)
{
    char buffer[8192];
    while (!c->closed && c->socket->isReadable()) {
        const qint64 n = c->socket->read(buffer, sizeof buffer);
        if (n <= 0)
            break;
        c->decoder.feed({buffer, std::size_t(n)});
        while (!c->closed) {
            const auto wire = c->decoder.next();
            if (!wire)
                break;
            const TimeNs now = hostClock_ns();
            if (!claim(c, wire->senderId, now))
                continue;
            c->lastFrame_ns = now;
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
    publishDecoderStats();
}

void TcpInsoleServer::publishDecoderStats()
{
    std::uint64_t resyncs = m_closedResyncs, discarded = m_closedDiscarded;
    for (const auto& conn : m_connections)
        if (!conn->closed) {
            resyncs += conn->decoder.resyncs();
            discarded += conn->decoder.discardedBytes();
        }
    setDecoderStats(resyncs, discarded);
}

void TcpInsoleServer::onDisconnected(Connection* c)
{
    onReadyRead(c); // frames that arrived just before the peer hung up
    closeConnection(c, QStringLiteral("the peer disconnected"));
}

void TcpInsoleServer::closeConnection(Connection* c, const QString& reason, bool countDrop)
{
    if (c->closed)
        return;
    c->closed = true;
    const QString who =
        c->senderId ? QStringLiteral("%1 (board %2)").arg(c->describe()).arg(c->senderId) : c->describe();
    qCInfo(lcTcpInsole).noquote() << "closing" << who + QStringLiteral(":") << reason;
    m_closedResyncs += c->decoder.resyncs();
    m_closedDiscarded += c->decoder.discardedBytes();
    if (c->senderId == 1 || c->senderId == 2) {
        const Foot foot = Foot(c->senderId - 1);
        if (m_holders[foot] == c) {
            m_holders[foot] = nullptr;
            setConnected(foot, false);
            if (countDrop)
                countReconnect();
        }
    }
    // No signal of this socket reaches us again, so aborting it cannot re-enter; the socket and
    // the Connection go away later, once no handler can be using them.
    QTcpSocket* socket = c->socket;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    if (!m_removalPending) {
        m_removalPending = true;
        QMetaObject::invokeMethod(this, &TcpInsoleServer::removeClosed, Qt::QueuedConnection);
    }
    publishDecoderStats();
    updateState();
}

void TcpInsoleServer::removeClosed()
{
    m_removalPending = false;
    std::erase_if(m_connections, [](const std::unique_ptr<Connection>& c) { return c->closed; });
}

void TcpInsoleServer::closeIdle()
{
    const TimeNs now = hostClock_ns();
    const TimeNs limit_ns = TimeNs(m_limits.idleTimeout_ms) * 1'000'000;
    // closeConnection() only marks and schedules, so walking the vector here is safe.
    for (const auto& c : m_connections)
        if (!c->closed && now - std::max(c->opened_ns, c->lastFrame_ns) > limit_ns)
            closeConnection(c.get(), QStringLiteral("no complete frame for %1 ms").arg(m_limits.idleTimeout_ms));
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
