#pragma once
// Polls a serial insole board (docs/REFERENCE.md section 7, format B: the host sends 'a', the board
// answers with one 32 x 32 matrix). A worker for its own thread (DeviceThread) that reopens the
// port by itself and reports errors once.
#include "insolepose/devices/InsoleSource.h"
#include "insolepose/devices/InsoleWire.h"

#include <memory>

class QSerialPort;
class QTimer;

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

} // namespace insolepose::devices
