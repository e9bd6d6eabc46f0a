#pragma once
// Live > Connect insoles: the protocol (WiFi boards over TCP, UDP, a serial board, a replayed
// session) and only that protocol's fields (listen address and port; the sender to accept; the
// serial port and its foot; the session folder, with Browse), the insoles' size, and a button that
// starts the simulator instead. While live it adds another pair. Reports no errors: the URL it
// builds is checked when connecting.
#include "insolepose/Session.h"

#include <QDialog>

class QComboBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;

namespace insolepose {

/// Asks how to reach the insoles and gives the source URL for LiveSession::connectSource.
class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    /// `size`: the size offered first; `addingPair`: live already (the dialog adds a pair).
    explicit ConnectDialog(QWidget* parent = nullptr, InsoleSize size = InsoleSize::Small, bool addingPair = false);

    /// True when the user asked for the simulator instead of a URL.
    bool wantsSimulator() const { return m_wantSimulator; }
    /// "tcp://0.0.0.0:7000", "serial:///dev/ttyUSB0?foot=left", "replay://DIR?loop=1", ...
    QString url() const;
    InsoleSize insoleSize() const;
    /// Chooses a protocol ("tcp", "udp", "serial", "replay") as the user would.
    void setProtocol(const QString& protocol);
    /// Whether the field named `objectName` (e.g. "port", "serialPort", "replayFolder") is shown.
    bool isFieldShown(const QString& objectName) const;

private:
    void showProtocolFields();
    void browseSession();

    QFormLayout* m_form;
    QComboBox* m_protocol;
    QComboBox* m_address;
    QSpinBox* m_port;
    QLineEdit* m_sender;
    QLineEdit* m_serial;
    QComboBox* m_foot;
    QWidget* m_replay; ///< The folder field and its Browse button.
    QLineEdit* m_replayFolder;
    QComboBox* m_size;
    bool m_wantSimulator = false;
};

} // namespace insolepose
