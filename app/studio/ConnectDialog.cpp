#include "ConnectDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace insolepose {

ConnectDialog::ConnectDialog(QWidget* parent, InsoleSize size, bool addingPair) : QDialog(parent)
{
    setWindowTitle(addingPair ? tr("Add a pair of insoles") : tr("Connect insoles"));
    m_form = new QFormLayout(this);
    if (addingPair)
        m_form->addRow(new QLabel(tr("Live mode is running: this pair is added (one skeleton each)."), this));
    m_protocol = new QComboBox(this);
    m_protocol->addItem(tr("WiFi boards (TCP, the boards connect to this computer)"), "tcp");
    m_protocol->addItem(tr("UDP frames"), "udp");
    m_protocol->addItem(tr("Serial board"), "serial");
    m_protocol->addItem(tr("Replay a session"), "replay");
    m_address = new QComboBox(this);
    m_address->setObjectName("address");
    m_address->setEditable(true); // a specific interface's address may be typed
    m_address->addItem(tr("all network interfaces (boards on the WiFi)"), "0.0.0.0");
    m_address->addItem(tr("this computer only"), "127.0.0.1");
    m_port = new QSpinBox(this);
    m_port->setObjectName("port");
    m_port->setRange(1, 65535);
    m_port->setValue(7000);
    m_sender = new QLineEdit(this);
    m_sender->setObjectName("sender");
    m_sender->setPlaceholderText(tr("any sender"));
    m_serial = new QLineEdit(QStringLiteral("/dev/ttyUSB0"), this);
    m_serial->setObjectName("serialPort");
    m_foot = new QComboBox(this);
    m_foot->setObjectName("foot");
    m_foot->addItem(tr("left"), "left");
    m_foot->addItem(tr("right"), "right");
    m_replay = new QWidget(this);
    m_replay->setObjectName("replayFolder");
    auto* replayRow = new QHBoxLayout(m_replay);
    replayRow->setContentsMargins(0, 0, 0, 0);
    m_replayFolder = new QLineEdit(m_replay);
    auto* browse = new QPushButton(tr("Browse…"), m_replay);
    replayRow->addWidget(m_replayFolder, 1);
    replayRow->addWidget(browse);
    m_size = new QComboBox(this);
    m_size->addItem(tr("small"), "small");
    m_size->addItem(tr("large"), "large");
    m_size->setCurrentIndex(size == InsoleSize::Large ? 1 : 0);
    m_form->addRow(tr("Protocol"), m_protocol);
    m_form->addRow(tr("Listen on"), m_address);
    m_form->addRow(tr("Port"), m_port);
    m_form->addRow(tr("Accept frames from"), m_sender);
    m_form->addRow(tr("Serial port"), m_serial);
    m_form->addRow(tr("Board's foot"), m_foot);
    m_form->addRow(tr("Session folder"), m_replay);
    m_form->addRow(tr("Insole size"), m_size);
    auto* simulate = new QPushButton(tr("Start the simulator instead"), this);
    m_form->addRow(simulate);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(simulate, &QPushButton::clicked, this, [this] {
        m_wantSimulator = true;
        accept();
    });
    connect(browse, &QPushButton::clicked, this, &ConnectDialog::browseSession);
    connect(m_protocol, &QComboBox::currentIndexChanged, this, &ConnectDialog::showProtocolFields);
    showProtocolFields();
}

void ConnectDialog::setProtocol(const QString& protocol)
{
    m_protocol->setCurrentIndex(m_protocol->findData(protocol));
}

void ConnectDialog::showProtocolFields()
{
    const QString p = m_protocol->currentData().toString();
    const bool network = p == "tcp" || p == "udp";
    m_form->setRowVisible(m_address, network);
    m_form->setRowVisible(m_port, network);
    m_form->setRowVisible(m_sender, p == "udp");
    m_form->setRowVisible(m_serial, p == "serial");
    m_form->setRowVisible(m_foot, p == "serial");
    m_form->setRowVisible(m_replay, p == "replay");
    adjustSize();
}

bool ConnectDialog::isFieldShown(const QString& objectName) const
{
    const QWidget* field = findChild<QWidget*>(objectName);
    return field && field->isVisibleTo(this);
}

void ConnectDialog::browseSession()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Session to replay"), m_replayFolder->text());
    if (!dir.isEmpty())
        m_replayFolder->setText(dir);
}

QString ConnectDialog::url() const
{
    const QString p = m_protocol->currentData().toString();
    if (p == "tcp" || p == "udp") {
        // An item's data is its address; a typed address is the text itself.
        const int i = m_address->findText(m_address->currentText());
        const QString address = i >= 0 ? m_address->itemData(i).toString() : m_address->currentText().trimmed();
        QString url = QStringLiteral("%1://%2:%3").arg(p, address).arg(m_port->value());
        if (p == "udp" && !m_sender->text().trimmed().isEmpty())
            url += QStringLiteral("?from=") + m_sender->text().trimmed();
        return url;
    }
    if (p == "serial")
        return QStringLiteral("serial://%1?foot=%2").arg(m_serial->text(), m_foot->currentData().toString());
    return QStringLiteral("replay://%1?loop=1").arg(m_replayFolder->text());
}

InsoleSize ConnectDialog::insoleSize() const
{
    return m_size->currentData().toString() == "large" ? InsoleSize::Large : InsoleSize::Small;
}

} // namespace insolepose
