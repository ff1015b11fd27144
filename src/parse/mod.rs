//! Pure functions from a cell's text to a value: smileys, deadlines,
//! amounts, and the text itself (HTML, `Status:`); centers' names.

pub mod amount;
pub mod center;
pub mod deadline;
pub mod period;
pub mod says;
pub mod smiley;
pub mod text;
pub mod unitless;
pub mod years;
