#pragma once
// Serial boards (FACTS.md 7B, polled with 'a'), raw uint16 frames over UDP (7C) and the replay
// of a recorded session. Each is an InsoleSource: a worker for its own thread that reconnects
// by itself and reports errors once.
#include "insolepose/devices/InsoleSource.h"
#include "insolepose/devices/InsoleWire.h"

#include <QHostAddress>

#include <filesystem>
#include <memory>

class QSerialPort;
class QTimer;
class QUdpSocket;

namespace insolepose {
class Session;
}

namespace insolepose::devices {

class SerialInsoleSource : public InsoleSource {
    Q_OBJECT
public:
    SerialInsoleSource(QString portName, Foot foot, double pollRate_hz, InsoleMapping mapping,
                       std::shared_ptr<FrameQueue> queue, QObject* parent = nullptr);
    ~SerialInsoleSource() override;
public Q_SLOTS:
    void start() override;
    void stop() override;

private:
    void tryOpen();
    void poll();
    void onReadyRead();
    QString m_portName;
    Foot m_foot;
    double m_rate_hz;
    InsoleMapping m_mapping;
    QSerialPort* m_port = nullptr;
    QTimer* m_pollTimer = nullptr;
    QTimer* m_retry = nullptr;
    FrameDecoder m_decoder{FrameDecoder::Kind::Serial};
    SequenceTracker m_sequence;
};

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
    std::array<std::optional<std::uint32_t>, 2> m_lastSequence;
    std::array<std::uint32_t, 2> m_counter{0, 0};
    std::uint64_t m_rejected = 0;
};

/// Plays the tactile frames of a recorded session at `speed` times real time (host timestamps
/// are the replay's; device timestamps keep the recording's times).
class ReplaySource : public InsoleSource {
    Q_OBJECT
public:
    ReplaySource(std::filesystem::path session, double speed, bool loop, std::shared_ptr<FrameQueue> queue,
                 QObject* parent = nullptr);
    ~ReplaySource() override;
public Q_SLOTS:
    void start() override;
    void stop() override;

private:
    void tick();
    std::filesystem::path m_path;
    double m_speed;
    bool m_loop;
    std::unique_ptr<Session> m_session;
    QTimer* m_timer = nullptr;
    std::array<std::size_t, 2> m_next{0, 0};
    TimeNs m_startHost_ns = 0;
    TimeNs m_startSession_ns = 0;
};

} // namespace insolepose::devices
