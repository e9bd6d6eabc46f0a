#pragma once
// Live > Connect insoles: the protocol (WiFi boards over TCP, UDP, a serial board, a replayed
// session), address, port, serial port or session folder, and a button that starts the simulator
// instead. Reports no errors: the URL it builds is checked when connecting.
#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace insolepose {

/// Asks how to reach the insoles and gives the source URL for LiveSession::connectSource.
class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectDialog(QWidget* parent = nullptr);

    /// True when the user asked for the simulator instead of a URL.
    bool wantsSimulator() const { return m_wantSimulator; }
    /// "tcp://0.0.0.0:7000", "serial:///dev/ttyUSB0?foot=left", "replay://DIR?loop=1", ...
    QString url() const;

private:
    QComboBox* m_protocol;
    QLineEdit* m_address;
    QSpinBox* m_port;
    QLineEdit* m_serial;
    QComboBox* m_foot;
    bool m_wantSimulator = false;
};

} // namespace insolepose
