#pragma once
// Listens for the authors' WiFi insole boards (TCP clients, docs/REFERENCE.md section 7A) and turns their frames
// into tactile frames: the sender id picks the foot, each board's InsoleMapping crops and orients
// its 32 x 32 matrix, and matrix indices become sequence numbers whose gaps count as lost frames.
// Binds loopback unless told otherwise. A peer cannot crash it or lock the boards out
// (TcpServerLimits, docs/DEVICES.md "Safety"): one connection per board id, idle connections
// closed, a cap on connections in all and per address in which connections that never sent a
// valid frame give way first. Errors (cannot listen) go to errorOccurred and the stats.
#include "insolepose/devices/InsoleSource.h"
#include "insolepose/devices/InsoleWire.h"

#include <QHostAddress>

#include <array>
#include <memory>
#include <vector>

class QTcpServer;
class QTcpSocket;
class QTimer;

namespace insolepose::devices {

/// What the server lets peers hold. Defaults suit two boards at 14 Hz.
struct TcpServerLimits {
    int maxConnections = 4; ///< Open connections in all.
    int maxPerAddress = 4; ///< Open connections from one peer address.
    /// A connection that delivers no complete, valid frame for this long is closed.
    int idleTimeout_ms = 3000;
    /// Frames from a second connection that claim a board id already held are refused (counted
    /// as rejected) while the holder has sent a frame within this time; after it the holder is
    /// taken to be dead (a board that reset before its old connection timed out): it is closed
    /// and the newcomer carries the board.
    int takeoverAfter_ms = 500;
};

class TcpInsoleServer : public InsoleSource {
    Q_OBJECT
public:
    TcpInsoleServer(QHostAddress address, quint16 port, FootPair<InsoleMapping> mappings,
                    std::shared_ptr<FrameQueue> queue, QObject* parent = nullptr);
    TcpInsoleServer(QHostAddress address, quint16 port, FootPair<InsoleMapping> mappings,
                    std::shared_ptr<FrameQueue> queue, TcpServerLimits limits, QObject* parent = nullptr);
    ~TcpInsoleServer() override;
    /// The port actually listened on (useful with port 0), 0 before start().
    quint16 serverPort() const { return m_boundPort.load(); }

public Q_SLOTS:
    void start() override;
    void stop() override;

private:
    struct Connection;
    void onNewConnection();
    void onReadyRead(Connection* c);
    void onDisconnected(Connection* c);
    /// Closes a connection now and removes it later (never while a container of them is being
    /// walked or inside its socket's own signal): safe to call from any handler.
    void closeConnection(Connection* c, const QString& reason, bool countDrop = true);
    void removeClosed();
    void closeIdle();
    /// Makes room for one more connection from `peer`; false when every slot is held by a board.
    bool makeRoom(const QHostAddress& peer);
    /// Whether a frame from `c` claiming `senderId` may be recorded (claims the board if free).
    bool claim(Connection* c, int senderId, TimeNs now);
    void tryListen();
    void updateState();
    void publishDecoderStats();

    QHostAddress m_address;
    quint16 m_port;
    std::atomic<quint16> m_boundPort{0};
    FootPair<InsoleMapping> m_mappings;
    QTcpServer* m_server = nullptr;
    QTimer* m_retry = nullptr;
    QTimer* m_idleCheck = nullptr;
    TcpServerLimits m_limits;
    std::vector<std::unique_ptr<Connection>> m_connections; ///< Closed ones wait for removeClosed().
    FootPair<Connection*> m_holders{}; ///< The connection each board's frames come from.
    bool m_removalPending = false;
    FootPair<SequenceTracker> m_sequences;
    std::uint64_t m_closedResyncs = 0, m_closedDiscarded = 0;
};

} // namespace insolepose::devices
