#include "insolepose/devices/SerialInsoleSource.h"

#include "insolepose/Error.h"

#include <QSerialPort>
#include <QTimer>

namespace insolepose::devices {

SerialInsoleSource::SerialInsoleSource(QString portName, Foot foot, double pollRate_hz, InsoleMapping mapping,
                                       std::shared_ptr<FrameQueue> queue, QObject* parent)
    : InsoleSource(QStringLiteral("serial://%1").arg(portName), std::move(queue), parent),
      m_portName(std::move(portName)), m_foot(foot), m_rate_hz(pollRate_hz), m_mapping(mapping)
{}

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

} // namespace insolepose::devices
