#include "insolepose/devices/UdpInsoleSource.h"

#include "insolepose/Error.h"

#include <QNetworkDatagram>
#include <QUdpSocket>

namespace insolepose::devices {

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
            auto& last = m_lastSequence[f];
            if (last && *decoded->sequence > *last)
                addLost(decoded->foot, *decoded->sequence - *last - 1);
            last = decoded->sequence;
            frame.sequence = *decoded->sequence;
        } else {
            frame.sequence = m_counter[f]++;
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

} // namespace insolepose::devices
