#pragma once
// Live > Record: the session folder (default: the last folder used plus a date-time name),
// subject, insole size and notes of a new recording. Reports no errors: the folder is checked when
// recording starts.
#include "insolepose/Session.h"

#include <QDialog>

#include <filesystem>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace insolepose {

/// Asks for a recording's folder and metadata.
class RecordDialog : public QDialog {
    Q_OBJECT
public:
    explicit RecordDialog(QWidget* parent = nullptr);

    QString folder() const;
    /// The metadata to record with: id (the folder's name), subject, notes, insole size, creation
    /// time and this program's version.
    SessionMetadata metadata() const;
    /// Remembers the folder's parent as the next default (QSettings "record/folder").
    void rememberFolder() const;

private:
    QLineEdit* m_folder;
    QLineEdit* m_subject;
    QComboBox* m_size;
    QPlainTextEdit* m_notes;
};

} // namespace insolepose
