domain --nope army.mil
