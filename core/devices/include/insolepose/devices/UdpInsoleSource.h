#pragma once
// Receives raw uint16 insole frames in UDP datagrams (docs/REFERENCE.md section 7, format C) with a
// configurable layout. A worker for its own thread (DeviceThread); errors are reported once.
// UDP senders are not authenticated, so one datagram must not corrupt a recording (counted as
// rejected instead): datagrams from an address other than the allowed one; for each foot, those
// from another sender (address and port) while the foot's sender keeps sending; duplicates; and
// sequence numbers more than maxSequenceJump away from the last (two consecutive datagrams
// that agree with each other resynchronise a board that really restarted).
#include "insolepose/devices/InsoleSource.h"
#include "insolepose/devices/InsoleWire.h"

#include <QHostAddress>
#include <array>
#include <atomic>
#include <memory>
#include <optional>

class QUdpSocket;

namespace insolepose::devices {

struct UdpSourceOptions {
    QHostAddress allowedSender; ///< Null: any address.
    std::uint32_t maxSequenceJump = 1000; ///< Frames; beyond it a datagram is rejected.
    int takeoverAfter_ms = 500; ///< Another sender may carry a foot after this much silence.
};

class UdpInsoleSource : public InsoleSource {
    Q_OBJECT
public:
    UdpInsoleSource(QHostAddress address, quint16 port, UdpLayout layout, std::shared_ptr<FrameQueue> queue,
                    QObject* parent = nullptr);
    UdpInsoleSource(QHostAddress address, quint16 port, UdpLayout layout, std::shared_ptr<FrameQueue> queue,
                    UdpSourceOptions options, QObject* parent = nullptr);
    ~UdpInsoleSource() override;
    quint16 boundPort() const { return m_boundPort.load(); }
public Q_SLOTS:
    void start() override;
    void stop() override;

private:
    void onReadyRead();
    /// Whether a decoded datagram from `from` may be recorded; updates the foot's sequence state.
    bool accept(const UdpFrame& frame, const QHostAddress& from, quint16 fromPort, TimeNs now);
    QHostAddress m_address;
    quint16 m_port;
    std::atomic<quint16> m_boundPort{0};
    UdpLayout m_layout;
    UdpSourceOptions m_options;
    QUdpSocket* m_socket = nullptr;
    struct Sender {
        QHostAddress address;
        quint16 port = 0;
        TimeNs lastFrame_ns = 0;
    };
    FootPair<std::optional<Sender>> m_sender;
    FootPair<std::optional<std::uint32_t>> m_lastSequence;
    FootPair<std::optional<std::uint32_t>> m_resyncCandidate; ///< A rejected jump the next datagram may confirm.
    bool m_loggedForeign = false;
    FootPair<std::uint32_t> m_counter;
    std::uint64_t m_rejected = 0;
};

} // namespace insolepose::devices
