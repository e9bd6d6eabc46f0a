#pragma once
// Simulated pairs of insoles for live tests and benchmarks: each is an `insolepose simulate`
// process acting as a pair of WiFi boards that connect to a TCP insole server on 127.0.0.1 (the
// studio's Live > Simulate does the same, app/studio/LiveController.cpp).
#include <QProcess>
#include <QString>
#include <QTcpServer>

#include <memory>

namespace insolepose::test {

/// A free TCP port on 127.0.0.1 (0 when there is none).
inline quint16 freeLocalPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : quint16(0);
}

inline QString tcpSourceUrl(quint16 port) { return QStringLiteral("tcp://127.0.0.1:%1").arg(port); }

/// Starts a simulator streaming synthetic motion (seed `seed`) to `port` at `rate_hz` per board;
/// it dies with this process. Start the server (LiveSession::connectSource) first.
inline std::unique_ptr<QProcess> startSimulator(const QString& cli, quint16 port, double rate_hz, int seed)
{
    auto p = std::make_unique<QProcess>();
    p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p->setStandardOutputFile(QProcess::nullDevice());
    p->start(cli, {"simulate", "--exit-with-parent", "--protocol", "tcp", "--port", QString::number(port), "--rate",
                   QString::number(rate_hz), "--seed", QString::number(seed)});
    return p;
}

/// Kills a simulator and waits for it.
inline void stopSimulator(QProcess& p)
{
    p.kill();
    p.waitForFinished(3000);
}

} // namespace insolepose::test
