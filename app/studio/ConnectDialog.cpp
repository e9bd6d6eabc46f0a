#include "ConnectDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace insolepose {

ConnectDialog::ConnectDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Connect insoles"));
    auto* form = new QFormLayout(this);
    m_protocol = new QComboBox(this);
    m_protocol->addItem(tr("WiFi boards (TCP, the boards connect to this computer)"), "tcp");
    m_protocol->addItem(tr("UDP frames"), "udp");
    m_protocol->addItem(tr("Serial board"), "serial");
    m_protocol->addItem(tr("Replay a session"), "replay");
    m_address = new QLineEdit(QStringLiteral("0.0.0.0"), this);
    m_port = new QSpinBox(this);
    m_port->setRange(1, 65535);
    m_port->setValue(7000);
    m_serial = new QLineEdit(QStringLiteral("/dev/ttyUSB0"), this);
    m_foot = new QComboBox(this);
    m_foot->addItems({"left", "right"});
    form->addRow(tr("Protocol"), m_protocol);
    form->addRow(tr("Listen address / host"), m_address);
    form->addRow(tr("Port"), m_port);
    form->addRow(tr("Serial port or session folder"), m_serial);
    form->addRow(tr("Serial board's foot"), m_foot);
    auto* simulate = new QPushButton(tr("Start the simulator instead"), this);
    form->addRow(simulate);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(simulate, &QPushButton::clicked, this, [this] {
        m_wantSimulator = true;
        accept();
    });
}

QString ConnectDialog::url() const
{
    const QString p = m_protocol->currentData().toString();
    if (p == "tcp" || p == "udp")
        return QStringLiteral("%1://%2:%3").arg(p, m_address->text()).arg(m_port->value());
    if (p == "serial")
        return QStringLiteral("serial://%1?foot=%2").arg(m_serial->text(), m_foot->currentText());
    return QStringLiteral("replay://%1?loop=1").arg(m_serial->text());
}

} // namespace insolepose
