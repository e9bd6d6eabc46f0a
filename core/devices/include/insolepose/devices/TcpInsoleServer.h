#pragma once
// Listens for the authors' WiFi insole boards (TCP clients, docs/REFERENCE.md section 7A) and turns their frames
// into tactile frames: the sender id picks the foot, each board's InsoleMapping crops and orients
// its 32 x 32 matrix, and matrix indices become sequence numbers whose gaps count as lost frames.
// Binds loopback unless told otherwise; at most four connections; a board that reconnects
// replaces its old connection. Errors (cannot listen) go to errorOccurred and the stats.
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

class TcpInsoleServer : public InsoleSource {
    Q_OBJECT
public:
    TcpInsoleServer(QHostAddress address, quint16 port, FootPair<InsoleMapping> mappings,
                    std::shared_ptr<FrameQueue> queue, QObject* parent = nullptr);
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
    void tryListen();
    void updateState();

    QHostAddress m_address;
    quint16 m_port;
    std::atomic<quint16> m_boundPort{0};
    FootPair<InsoleMapping> m_mappings;
    QTcpServer* m_server = nullptr;
    QTimer* m_retry = nullptr;
    std::vector<std::unique_ptr<Connection>> m_connections;
    FootPair<SequenceTracker> m_sequences;
    std::uint64_t m_closedResyncs = 0, m_closedDiscarded = 0;
};

} // namespace insolepose::devices
