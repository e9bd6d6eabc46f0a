#include "insolepose/devices/OtherSources.h"

#include "insolepose/Error.h"
#include "insolepose/SessionStore.h"

#include <QLoggingCategory>
#include <QNetworkDatagram>
#include <QSerialPort>
#include <QTimer>
#include <QUdpSocket>

Q_LOGGING_CATEGORY(lcSources, "insolepose.devices")

namespace insolepose::devices {

// --- serial ---------------------------------------------------------------------------------
SerialInsoleSource::SerialInsoleSource(QString portName, Foot foot, double pollRate_hz, InsoleMapping mapping,
                                       std::shared_ptr<FrameQueue> queue, QObject* parent)
    : InsoleSource(QStringLiteral("serial://%1").arg(portName), std::move(queue), parent),
      m_portName(std::move(portName)), m_foot(foot), m_rate_hz(pollRate_hz), m_mapping(mapping)
{
}

SerialInsoleSource::~SerialInsoleSource() = default;

void SerialInsoleSource::start()
{
    if (m_port)
        return;
    m_port = new QSerialPort(this);
    m_port->setPortName(m_portName);
    m_port->setBaudRate(1000000);
    m_port->setReadBufferSize(4 * kSerialFrameBytes);
    connect(m_port, &QSerialPort::readyRead, this, &SerialInsoleSource::onReadyRead);
    connect(m_port, &QSerialPort::errorOccurred, this, [this](QSerialPort::SerialPortError e) {
        if (e == QSerialPort::NoError || e == QSerialPort::TimeoutError)
            return;
        reportError(tr("serial port %1: %2").arg(m_portName, m_port->errorString()));
        if (m_port->isOpen() && (e == QSerialPort::ResourceError || e == QSerialPort::PermissionError)) {
            m_port->close();
            setConnected(m_foot, false);
            setState(LinkState::Reconnecting, m_port->errorString());
            countReconnect();
            m_retry->start();
        }
    });
    m_pollTimer = new QTimer(this);
    m_pollTimer->setTimerType(Qt::PreciseTimer);
    m_pollTimer->setInterval(std::max(1, int(1000.0 / std::max(0.1, m_rate_hz))));
    connect(m_pollTimer, &QTimer::timeout, this, &SerialInsoleSource::poll);
    m_retry = new QTimer(this);
    m_retry->setInterval(1000);
    connect(m_retry, &QTimer::timeout, this, &SerialInsoleSource::tryOpen);
    tryOpen();
}

void SerialInsoleSource::tryOpen()
{
    if (m_port->isOpen())
        return;
    if (m_port->open(QIODevice::ReadWrite)) {
        m_retry->stop();
        setConnected(m_foot, true);
        setState(LinkState::Connected, tr("serial port open"));
        m_pollTimer->start();
        return;
    }
    reportError(tr("cannot open serial port %1: %2").arg(m_portName, m_port->errorString()));
    setState(LinkState::Reconnecting, m_port->errorString());
    m_retry->start();
}

void SerialInsoleSource::poll()
{
    if (m_port && m_port->isOpen())
        m_port->write("a", 1);
}

void SerialInsoleSource::onReadyRead()
{
    char buffer[8192];
    for (;;) {
        const qint64 n = m_port->read(buffer, sizeof buffer);
        if (n <= 0)
            break;
        m_decoder.feed({buffer, std::size_t(n)});
        while (auto wire = m_decoder.next()) {
            const std::uint64_t lostBefore = m_sequence.lost();
            TactileFrame frame;
            frame.foot = m_foot;
            frame.hostTime_ns = hostClock_ns();
            frame.sequence = m_sequence.update(wire->matrixIndex);
            frame.raw_adc = m_mapping.toModelGrid(wire->readings);
            addLost(m_foot, m_sequence.lost() - lostBefore);
            publish(std::move(frame));
        }
    }
    setDecoderStats(m_decoder.resyncs(), m_decoder.discardedBytes());
}

void SerialInsoleSource::stop()
{
    if (m_pollTimer)
        m_pollTimer->stop();
    if (m_retry)
        m_retry->stop();
    if (m_port && m_port->isOpen())
        m_port->close();
    setConnected(m_foot, false);
    setState(LinkState::Stopped);
}

// --- UDP ------------------------------------------------------------------------------------
UdpInsoleSource::UdpInsoleSource(QHostAddress address, quint16 port, UdpLayout layout,
                                 std::shared_ptr<FrameQueue> queue, QObject* parent)
    : InsoleSource(QStringLiteral("udp://%1:%2").arg(address.toString()).arg(port), std::move(queue), parent),
      m_address(std::move(address)), m_port(port), m_layout(layout)
{
    m_layout.validate();
}

UdpInsoleSource::~UdpInsoleSource() = default;

void UdpInsoleSource::start()
{
    if (m_socket)
        return;
    m_socket = new QUdpSocket(this);
    m_socket->setReadBufferSize(256 * 1024);
    if (!m_socket->bind(m_address, m_port)) {
        reportError(tr("cannot bind UDP %1:%2: %3").arg(m_address.toString()).arg(m_port).arg(m_socket->errorString()));
        setState(LinkState::Failed, m_socket->errorString());
        return;
    }
    m_boundPort = m_socket->localPort();
    connect(m_socket, &QUdpSocket::readyRead, this, &UdpInsoleSource::onReadyRead);
    setState(LinkState::Waiting, tr("waiting for datagrams"));
}

void UdpInsoleSource::onReadyRead()
{
    while (m_socket->hasPendingDatagrams()) {
        const QNetworkDatagram d = m_socket->receiveDatagram(64 * 1024);
        const QByteArray data = d.data();
        const auto decoded = decodeUdp({data.constData(), std::size_t(data.size())}, m_layout);
        if (!decoded) {
            ++m_rejected;
            setDecoderStats(m_rejected, 0);
            continue;
        }
        const int f = static_cast<int>(decoded->foot);
        TactileFrame frame;
        frame.foot = decoded->foot;
        frame.hostTime_ns = hostClock_ns();
        if (decoded->sequence) {
            auto& last = m_lastSequence[std::size_t(f)];
            if (last && *decoded->sequence > *last)
                addLost(decoded->foot, *decoded->sequence - *last - 1);
            last = decoded->sequence;
            frame.sequence = *decoded->sequence;
        } else {
            frame.sequence = m_counter[std::size_t(f)]++;
        }
        frame.raw_adc = toModelGrid(decoded->readings, m_layout.grid);
        setConnected(decoded->foot, true);
        setState(LinkState::Connected, tr("receiving"));
        publish(std::move(frame));
    }
}

void UdpInsoleSource::stop()
{
    if (m_socket)
        m_socket->close();
    setState(LinkState::Stopped);
}

// --- replay ---------------------------------------------------------------------------------
ReplaySource::ReplaySource(std::filesystem::path session, double speed, bool loop, std::shared_ptr<FrameQueue> queue,
                           QObject* parent)
    : InsoleSource(QStringLiteral("replay://%1").arg(QString::fromStdString(session.string())), std::move(queue), parent),
      m_path(std::move(session)), m_speed(speed > 0 ? speed : 1.0), m_loop(loop)
{
}

ReplaySource::~ReplaySource() = default;

void ReplaySource::start()
{
    try {
        m_session = std::make_unique<Session>(openSession(m_path));
    } catch (const Error& e) {
        reportError(QString::fromStdString(e.what()));
        setState(LinkState::Failed, QString::fromStdString(e.what()));
        return;
    }
    m_startSession_ns = m_session->timeRange().first;
    m_startHost_ns = hostClock_ns();
    m_next = {0, 0};
    m_timer = new QTimer(this);
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(2);
    connect(m_timer, &QTimer::timeout, this, &ReplaySource::tick);
    m_timer->start();
    for (Foot f : {Foot::Left, Foot::Right})
        setConnected(f, !m_session->tactile(f).samples().empty());
    setState(LinkState::Connected, tr("replaying"));
}

void ReplaySource::tick()
{
    const TimeNs now = hostClock_ns();
    const TimeNs sessionNow = m_startSession_ns + TimeNs(double(now - m_startHost_ns) * m_speed);
    bool finished = true;
    for (Foot foot : {Foot::Left, Foot::Right}) {
        const auto& stream = m_session->tactile(foot);
        auto& i = m_next[static_cast<std::size_t>(foot)];
        while (i < stream.size() && stream.timeAt(i) <= sessionNow) {
            TactileFrame frame;
            frame.foot = foot;
            frame.hostTime_ns = now;
            frame.deviceTime_ns = stream.timeAt(i);
            frame.sequence = stream.sequenceAt(i);
            frame.raw_adc.assign(stream.raw(i).begin(), stream.raw(i).end());
            publish(std::move(frame));
            ++i;
        }
        finished &= i >= stream.size();
    }
    if (finished) {
        if (m_loop) {
            m_startHost_ns = now;
            m_next = {0, 0};
        } else {
            m_timer->stop();
            setState(LinkState::Stopped, tr("replay finished"));
        }
    }
}

void ReplaySource::stop()
{
    if (m_timer)
        m_timer->stop();
    setState(LinkState::Stopped);
}

} // namespace insolepose::devices
