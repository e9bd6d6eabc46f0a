#pragma once
// Receives raw uint16 insole frames in UDP datagrams (docs/REFERENCE.md section 7, format C) with a
// configurable layout. A worker for its own thread (DeviceThread); errors are reported once.
#include "insolepose/devices/InsoleSource.h"
#include "insolepose/devices/InsoleWire.h"

#include <QHostAddress>
#include <array>
#include <atomic>
#include <memory>
#include <optional>

class QUdpSocket;

namespace insolepose::devices {

class UdpInsoleSource : public InsoleSource {
    Q_OBJECT
public:
    UdpInsoleSource(QHostAddress address, quint16 port, UdpLayout layout, std::shared_ptr<FrameQueue> queue,
                    QObject* parent = nullptr);
    ~UdpInsoleSource() override;
    quint16 boundPort() const { return m_boundPort.load(); }
public Q_SLOTS:
    void start() override;
    void stop() override;

private:
    void onReadyRead();
    QHostAddress m_address;
    quint16 m_port;
    std::atomic<quint16> m_boundPort{0};
    UdpLayout m_layout;
    QUdpSocket* m_socket = nullptr;
    FootPair<std::optional<std::uint32_t>> m_lastSequence;
    FootPair<std::uint32_t> m_counter;
    std::uint64_t m_rejected = 0;
};

} // namespace insolepose::devices
