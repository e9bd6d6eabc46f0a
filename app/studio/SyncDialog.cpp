#include "SyncDialog.h"

#include "ReviewController.h"

#include "insolepose/Error.h"
#include "insolepose/Session.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/interchange/StreamSync.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace insolepose {

namespace {
constexpr double kTactileFrame_ms = 1000.0 / 14.0; // one frame at the insoles' ~14 Hz (docs/REFERENCE.md section 2)
}

SyncDialog::SyncDialog(ReviewController& review, QWidget* parent) : QDialog(parent), m_review(review)
{
    setWindowTitle(tr("Synchronise streams"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Offset added to each stream's timestamps (ms). Changes show at once and are "
                                    "saved with OK; the buttons move by one tactile frame.")));
    auto* form = new QFormLayout;
    layout->addLayout(form);
    const Session* s = m_review.session();
    if (s) {
        if (s->groundTruth().size())
            addRow("keypoints_gt", tr("Ground-truth keypoints"));
        if (s->tactile(Foot::Right).size())
            addRow("tactile_right", tr("Right insole"));
        for (const CameraStream& c : s->cameras())
            addRow("camera_" + c.name, tr("Camera %1").arg(QString::fromStdString(c.name)));
    }
    auto* estimateButton = new QPushButton(tr("&Estimate offsets from the pressure"));
    estimateButton->setToolTip(tr("Ground truth from the feet's motion; the right insole and cameras from a jump "
                                  "or stomp (docs/IMPORT.md)"));
    connect(estimateButton, &QPushButton::clicked, this, [this] { estimate(); });
    estimateButton->setEnabled(!m_spins.empty());
    layout->addWidget(estimateButton);
    m_status = new QLabel(s ? QString() : tr("Open a session first."));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &SyncDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SyncDialog::reject);
    layout->addWidget(buttons);
    for (const auto& [stream, spin] : m_spins) {
        auto* row = static_cast<QWidget*>(spin->parent());
        auto* h = static_cast<QHBoxLayout*>(row->layout());
        for (double step : {-kTactileFrame_ms, kTactileFrame_ms}) {
            auto* b = new QPushButton(step < 0 ? tr("−1 frame") : tr("+1 frame"), row);
            connect(b, &QPushButton::clicked, this, [spin = spin, step] { spin->setValue(spin->value() + step); });
            h->addWidget(b);
        }
        form->addRow(row->objectName(), row);
    }
}

void SyncDialog::addRow(const std::string& stream, const QString& label)
{
    auto* row = new QWidget(this);
    row->setObjectName(label);
    auto* h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    auto* spin = new QDoubleSpinBox(row);
    spin->setRange(-1e6, 1e6);
    spin->setDecimals(1);
    spin->setSingleStep(10.0);
    spin->setSuffix(tr(" ms"));
    m_original_ms[stream] = double(m_review.session()->metadata().syncOffset(stream)) / 1e6;
    spin->setValue(m_original_ms[stream]);
    spin->setKeyboardTracking(false);
    connect(spin, &QDoubleSpinBox::valueChanged, this, [this, stream](double ms) {
        m_review.setSyncOffset(stream, TimeNs(std::llround(ms * 1e6)));
        m_status->setText(tr("Not saved yet: OK writes the offsets to session.json."));
    });
    h->addWidget(spin);
    m_spins[stream] = spin;
}

double SyncDialog::offset_ms(const std::string& stream) const
{
    const auto it = m_spins.find(stream);
    return it == m_spins.end() ? 0.0 : it->second->value();
}

void SyncDialog::setOffset_ms(const std::string& stream, double ms)
{
    if (const auto it = m_spins.find(stream); it != m_spins.end())
        it->second->setValue(ms);
}

QString SyncDialog::estimate()
{
    const Session* s = m_review.session();
    if (!s)
        return {};
    QStringList lines;
    // The right insole first: the other streams are matched against both feet.
    auto applyOne = [&](const interchange::SyncEstimate& e) {
        const auto spin = m_spins.find(e.stream);
        if (spin == m_spins.end())
            return;
        const QString name = spin->second->parentWidget()->objectName();
        if (e.found) {
            setOffset_ms(e.stream, offset_ms(e.stream) + e.offset_s * 1000.0);
            lines << tr("%1: moved by %2 ms (correlation %3)")
                         .arg(name)
                         .arg(e.offset_s * 1000.0, 0, 'f', 1)
                         .arg(e.correlation, 0, 'f', 2);
        } else {
            lines << tr("%1: no estimate (%2)").arg(name, QString::fromStdString(e.note));
        }
    };
    applyOne(interchange::estimateRightInsoleOffset(*s));
    for (const interchange::SyncEstimate& e : interchange::estimateOtherOffsets(*m_review.session()))
        applyOne(e);
    m_status->setText(lines.join('\n'));
    return m_status->text();
}

void SyncDialog::accept()
{
    const Session* s = m_review.session();
    if (!s)
        return QDialog::accept();
    try {
        writeMetadata(s->path(), s->metadata());
    } catch (const Error& e) {
        m_status->setText(tr("Cannot save the offsets: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    QDialog::accept();
}

void SyncDialog::reject()
{
    for (const auto& [stream, ms] : m_original_ms)
        m_review.setSyncOffset(stream, TimeNs(std::llround(ms * 1e6)));
    QDialog::reject();
}

} // namespace insolepose
