#include "SyncDialog.h"

#include "PlaybackClock.h"
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

namespace insolepose {

namespace {
constexpr double kTactileFrame_ms = 1000.0 / 14.0; // one frame at the insoles' ~14 Hz (docs/REFERENCE.md section 2)
}

SyncDialog::SyncDialog(ReviewController& review, PlaybackClock& clock, QWidget* parent)
    : QDialog(parent), m_review(review), m_clock(clock)
{
    setWindowTitle(tr("Synchronise streams"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Offset added to each stream's timestamps (ms). Changes apply at once; the "
                                    "buttons move by one tactile frame.")));
    auto* form = new QFormLayout;
    layout->addLayout(form);
    setLayout(layout);
    const Session* s = m_review.session();
    if (s) {
        if (s->groundTruth().size())
            addRow("keypoints_gt", tr("Ground-truth keypoints"));
        if (s->tactile(Foot::Right).size())
            addRow("tactile_right", tr("Right insole"));
        for (const CameraStream& c : s->cameras())
            addRow("camera_" + c.name, tr("Camera %1").arg(QString::fromStdString(c.name)));
    }
    auto* estimateButton = new QPushButton(tr("&Estimate ground truth from pressure"));
    connect(estimateButton, &QPushButton::clicked, this, [this] { estimate(); });
    estimateButton->setEnabled(m_spins.count("keypoints_gt") > 0);
    layout->addWidget(estimateButton);
    m_status = new QLabel(s ? QString() : tr("Open a session first."));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    for (const auto& [stream, spin] : m_spins) {
        auto* row = static_cast<QWidget*>(spin->parent());
        QHBoxLayout* h = static_cast<QHBoxLayout*>(row->layout());
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
    spin->setValue(double(m_review.session()->metadata().syncOffset(stream)) / 1e6);
    spin->setKeyboardTracking(false);
    connect(spin, &QDoubleSpinBox::valueChanged, this, [this] { apply(); });
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

void SyncDialog::apply()
{
    const Session* s = m_review.session();
    if (!s || m_applying)
        return;
    m_applying = true;
    SessionMetadata meta = s->metadata();
    for (const auto& [stream, spin] : m_spins) {
        std::erase_if(meta.syncOffsets_ns, [&](const auto& p) { return p.first == stream; });
        meta.syncOffsets_ns.emplace_back(stream, TimeNs(std::llround(spin->value() * 1e6)));
    }
    const TimeNs cursor = m_clock.cursor_ns();
    const QString folder = QString::fromStdString(s->path().string());
    try {
        writeMetadata(s->path(), meta);
        if (m_review.openSession(folder))
            m_clock.setCursor(cursor);
        m_status->setText(tr("Saved in %1").arg(folder + "/session.json"));
    } catch (const Error& e) {
        m_status->setText(tr("Cannot save the offsets: %1").arg(QString::fromStdString(e.what())));
    }
    m_applying = false;
}

QString SyncDialog::estimate()
{
    const Session* s = m_review.session();
    if (!s)
        return {};
    const interchange::SyncEstimate e = interchange::estimateGroundTruthOffset(*s);
    if (e.found) {
        setOffset_ms("keypoints_gt", offset_ms("keypoints_gt") + e.offset_s * 1000.0);
        m_status->setText(tr("Ground truth moved by %1 ms (correlation %2)")
                              .arg(e.offset_s * 1000.0, 0, 'f', 1)
                              .arg(e.correlation, 0, 'f', 2));
    } else {
        m_status->setText(tr("No estimate: %1").arg(QString::fromStdString(e.note)));
    }
    return m_status->text();
}

} // namespace insolepose
