#include "SettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>

namespace insolepose {

namespace {
const QString kLanguageKey = QStringLiteral("ui/language");
}

QList<QPair<QString, QString>> SettingsDialog::languages()
{
    // Each language is named in itself, so that a user who cannot read the current one finds theirs.
    return {{QString(), tr("System default")},
            {QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("de"), QStringLiteral("Deutsch")},
            {QStringLiteral("ko"), QStringLiteral("한국어")}};
}

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Settings"));
    auto* form = new QFormLayout(this);
    m_language = new QComboBox(this);
    const QString current = QSettings().value(kLanguageKey).toString();
    for (const auto& [code, name] : languages()) {
        m_language->addItem(name, code);
        if (code == current)
            m_language->setCurrentIndex(m_language->count() - 1);
    }
    form->addRow(tr("&Language:"), m_language);
    auto* note = new QLabel(tr("A new language applies the next time the studio starts."), this);
    note->setWordWrap(true);
    form->addRow(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

bool SettingsDialog::apply()
{
    const QString chosen = m_language->currentData().toString();
    QSettings settings;
    const bool changed = settings.value(kLanguageKey).toString() != chosen;
    if (chosen.isEmpty())
        settings.remove(kLanguageKey);
    else
        settings.setValue(kLanguageKey, chosen);
    return changed;
}

} // namespace insolepose
